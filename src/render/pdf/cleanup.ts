/**
 * No Chromium outlives matn. Every browser a printer launches is registered here until it is
 * closed; if the process is interrupted (src/signals.ts) or exits first, the browser's process
 * group is killed (Puppeteer starts Chromium as a group leader, outside the terminal's process
 * group, so Ctrl-C never reaches it) and its temporary profile removed.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { onInterrupt } from '../../signals.js';

export interface LiveBrowser {
  /** The browser's process id (and process group id). */
  pid: number | undefined;
  /** The temporary profile folder, removed when the browser is gone. */
  userDataDir: string;
}


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

const removers = new Map<LiveBrowser, () => void>();

function kill(browser: LiveBrowser): void {
  killBrowserNow(browser);
  killByProfile(browser.userDataDir);
  removeProfile(browser.userDataDir);
  removers.delete(browser);
}

/** Registers a running browser, killed if the process is interrupted or exits before it is closed. */
export function register(browser: LiveBrowser): void {
  removers.set(browser, onInterrupt(() => kill(browser), { onExit: true }));
}

/** Forgets a browser that has been closed (or killed). */
export function unregister(browser: LiveBrowser): void {
  removers.get(browser)?.();
  removers.delete(browser);
}

/** How many browsers are registered (for tests). */
export function liveBrowserCount(): number {
  return removers.size;
}
