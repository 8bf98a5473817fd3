/**
 * The one place matn handles SIGINT, SIGTERM and SIGHUP. Whatever must not outlive an interrupted
 * process — a browser, half-written files, a watch loop — registers a clean-up here. On a signal
 * every clean-up runs (the synchronous ones at once, then the asynchronous ones for at most a few
 * seconds), and the process ends as the signal would have ended it: the signal is raised again,
 * so a shell sees 130 for Ctrl-C and 143 for SIGTERM. Clean-ups registered with `onExit` also run
 * when the process exits without a signal (a browser left open by a crashed caller).
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type Signal = (typeof SIGNALS)[number];
const EXIT_CODES: Record<Signal, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
/** Longest wait for asynchronous clean-ups (closing a browser politely) before the process ends. */
const GRACE_MS = 5_000;

export type Cleanup = () => void | Promise<void>;

interface Entry {
  cleanup: Cleanup;
  onExit: boolean;
}

const entries = new Set<Entry>();
let installed = false;

function runAll(onlyExit: boolean): Promise<unknown>[] {
  const pending: Promise<unknown>[] = [];
  // Last registered first: a build's files before the browser it started.
  for (const entry of [...entries].reverse()) {
    if (onlyExit && !entry.onExit) continue;
    entries.delete(entry);
    try {
      const result = entry.cleanup();
      if (result) pending.push(result.catch(() => undefined));
    } catch {
      // a clean-up that fails must not stop the others
    }
  }
  return pending;
}

const onSignal = (signal: Signal): void => {
  uninstall();
  const pending = runAll(false);
  const end = () => {
    // When nobody else handles the signal, end the process the way the signal would have.
    if (process.listenerCount(signal) === 0) {
      process.kill(process.pid, signal);
      // If the signal is somehow ignored, still exit with the conventional status.
      setTimeout(() => process.exit(EXIT_CODES[signal]), 1000).unref();
    }
  };
  if (pending.length === 0) {
    end();
    return;
  }
  const grace = new Promise<void>((r) => setTimeout(r, GRACE_MS).unref());
  void Promise.race([Promise.allSettled(pending), grace]).then(end);
};

const onProcessExit = (): void => {
  // The process is ending: only what a clean-up does at once counts.
  void Promise.allSettled(runAll(true));
};

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', onProcessExit);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off('exit', onProcessExit);
}

/**
 * Runs `cleanup` if the process is interrupted (and, with `onExit`, when it exits) before the
 * returned function is called. The handlers are installed only while a clean-up is registered.
 */
export function onInterrupt(cleanup: Cleanup, options: { onExit?: boolean } = {}): () => void {
  const entry: Entry = { cleanup, onExit: options.onExit ?? false };
  entries.add(entry);
  install();
  return () => {
    entries.delete(entry);
    if (entries.size === 0) uninstall();
  };
}

/** Resolves when the process is interrupted, after the other clean-ups have run (watch mode). */
export function untilInterrupted(cleanup: Cleanup): Promise<void> {
  return new Promise((resolve) => {
    onInterrupt(async () => {
      await cleanup();
      resolve();
    });
  });
}
