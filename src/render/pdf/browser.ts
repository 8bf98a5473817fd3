/**
 * Finding a Chromium or Chrome to print with. matn never downloads a browser at install time
 * (.puppeteerrc.cjs skips it, so CI never depends on a download): the build looks for one that
 * is already installed, in a fixed order, and says how to get one when there is none.
 */
import { accessSync, constants, statSync } from 'node:fs';
import puppeteer from 'puppeteer';
import { MatnError } from '../../errors.js';

/** The usual system locations, in the order they are tried. */
export const SYSTEM_BROWSERS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
];

export const NO_BROWSER_MESSAGE = [
  'no Chromium or Chrome found to print PDFs with. Install one of:',
  '  • the system package: apt-get install chromium (Debian/Ubuntu), or Google Chrome;',
  "  • Puppeteer's own copy: npx puppeteer browsers install chrome;",
  'or point matn at an installed browser with PUPPETEER_EXECUTABLE_PATH=/path/to/chrome',
  '(or the executablePath option / "browser" setting).',
].join('\n');

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where Puppeteer's own browser would be (only meaningful if a user installed it). */
function puppeteerCachedBrowser(): string | undefined {
  try {
    return puppeteer.executablePath();
  } catch {
    return undefined;
  }
}

export interface FindBrowserOptions {
  /** A configured browser (matn.config.json "browser"); used when PUPPETEER_EXECUTABLE_PATH is unset. */
  executablePath?: string;
  /**
   * Where to look when neither is given, in order (default: Puppeteer's cache, then
   * SYSTEM_BROWSERS).
   */
  candidates?: readonly string[];
}

/**
 * The browser to print with: PUPPETEER_EXECUTABLE_PATH, then `executablePath`, then Puppeteer's
 * cache (a Chrome a user installed with `npx puppeteer browsers install chrome`), then the usual
 * system paths. A browser named explicitly (environment or option) that does not exist is an
 * error rather than silently replaced by another one.
 */
export function findBrowser(opts: FindBrowserOptions = {}): string {
  const fromEnv = process.env['PUPPETEER_EXECUTABLE_PATH']?.trim();
  if (fromEnv) {
    if (isExecutableFile(fromEnv)) return fromEnv;
    throw new MatnError('browser', fromEnv, `PUPPETEER_EXECUTABLE_PATH names a browser that does not exist or is not executable.\n${NO_BROWSER_MESSAGE}`);
  }
  if (opts.executablePath) {
    if (isExecutableFile(opts.executablePath)) return opts.executablePath;
    throw new MatnError('browser', opts.executablePath, `the configured browser does not exist or is not executable.\n${NO_BROWSER_MESSAGE}`);
  }
  const candidates = opts.candidates ?? [puppeteerCachedBrowser(), ...SYSTEM_BROWSERS].filter((p): p is string => Boolean(p));
  for (const path of candidates) {
    if (isExecutableFile(path)) return path;
  }
  throw new MatnError('browser', undefined, NO_BROWSER_MESSAGE);
}

/**
 * Command-line switches for a headless print browser: no sandbox (CI containers run as root),
 * no GPU, and none of the background traffic a desktop browser makes (updates, sync, DNS
 * prefetch, field trials).
 */
export const BROWSER_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-dev-shm-usage',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-breakpad',
  '--disable-crash-reporter',
  '--metrics-recording-only',
  '--dns-prefetch-disable',
  '--disable-features=Translate,OptimizationHints,MediaRouter,InterestFeedContentSuggestions,AutofillServerCommunication,CertificateTransparencyComponentUpdater',
  '--font-render-hinting=none',
  '--hide-scrollbars',
  '--mute-audio',
];
