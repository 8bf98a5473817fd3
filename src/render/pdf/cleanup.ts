/**
 * No Chromium outlives matn. Every browser a printer launches is registered here until it is
 * closed; while any is registered, SIGINT/SIGTERM/SIGHUP handlers kill the browsers' process
 * groups (Puppeteer starts Chromium as a group leader, outside the terminal's process group, so
 * Ctrl-C never reaches it) and remove their temporary profiles, then let the signal end the
 * process as it would have (exit status 130 for SIGINT, 143 for SIGTERM). An `exit` handler does
 * the same for a process that ends without closing its printer.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';

export interface LiveBrowser {
  /** The browser's process id (and process group id). */
  pid: number | undefined;
  /** The temporary profile folder, removed when the browser is gone. */
  userDataDir: string;
}

const live = new Set<LiveBrowser>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type Signal = (typeof SIGNALS)[number];
const EXIT_CODES: Record<Signal, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
let installed = false;

/** Kills a browser's whole process group at once, synchronously. */
export function killBrowserNow(browser: LiveBrowser): void {
  const pid = browser.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Kills, on Linux, every process whose command line names the profile folder: a browser caught
 * while it was starting (its pid is not known yet), and Chromium's crash handler, which runs in
 * a process group of its own.
 */
export function killByProfile(dir: string): void {
  if (!existsSync('/proc/self/cmdline')) return;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'latin1');
      if (cmdline.includes(dir)) process.kill(Number(entry), 'SIGKILL');
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
}

/** Removes a temporary profile folder (Chromium may still be writing to it briefly). */
export function removeProfile(dir: string): void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
      return;
    } catch {
      // retry: a dying Chromium can recreate files while we delete
    }
  }
}

function killAll(): void {
  for (const browser of live) {
    killBrowserNow(browser);
    killByProfile(browser.userDataDir);
    removeProfile(browser.userDataDir);
  }
  live.clear();
}

const onSignal = (signal: Signal): void => {
  killAll();
  uninstall();
  // When nobody else handles the signal, end the process the way the signal would have:
  // re-raising it gives the conventional status (130 for Ctrl-C, 143 for SIGTERM).
  if (process.listenerCount(signal) === 0) {
    process.kill(process.pid, signal);
    // If the signal is somehow ignored, still exit with the conventional status.
    setTimeout(() => process.exit(EXIT_CODES[signal]), 1000).unref();
  }
};

const onExit = (): void => {
  killAll();
};

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', onExit);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off('exit', onExit);
}

/** Registers a running browser; the handlers are installed while at least one is live. */
export function register(browser: LiveBrowser): void {
  live.add(browser);
  install();
}

/** Forgets a browser that has been closed (or killed); removes the handlers after the last. */
export function unregister(browser: LiveBrowser): void {
  live.delete(browser);
  if (live.size === 0) uninstall();
}

/** How many browsers are registered (for tests). */
export function liveBrowserCount(): number {
  return live.size;
}
