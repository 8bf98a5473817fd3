/** Finding a browser: the environment wins, then the option, then the usual places; none gives a clear message. */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser, NO_BROWSER_MESSAGE, SYSTEM_BROWSERS } from '../../src/render/pdf/browser.js';
import { MatnError } from '../../src/errors.js';

let dir: string;
let envBrowser: string;
let optionBrowser: string;
const saved = process.env['PUPPETEER_EXECUTABLE_PATH'];

function fakeBrowser(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, 0o755);
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'matn-find-browser-'));
  envBrowser = fakeBrowser('env-chrome');
  optionBrowser = fakeBrowser('option-chrome');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  if (saved === undefined) delete process.env['PUPPETEER_EXECUTABLE_PATH'];
  else process.env['PUPPETEER_EXECUTABLE_PATH'] = saved;
});

function thrown(f: () => unknown): MatnError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(MatnError);
    return error as MatnError;
  }
  throw new Error('expected an error');
}

describe('findBrowser', () => {
  it('prefers PUPPETEER_EXECUTABLE_PATH over the option and the usual places', () => {
    process.env['PUPPETEER_EXECUTABLE_PATH'] = envBrowser;
    expect(findBrowser({ executablePath: optionBrowser })).toBe(envBrowser);
    expect(findBrowser()).toBe(envBrowser);
  });

  it('uses the option when the environment names none', () => {
    delete process.env['PUPPETEER_EXECUTABLE_PATH'];
    expect(findBrowser({ executablePath: optionBrowser })).toBe(optionBrowser);
  });

  it('then tries the candidates in order', () => {
    delete process.env['PUPPETEER_EXECUTABLE_PATH'];
    const missing = join(dir, 'not-there');
    expect(findBrowser({ candidates: [missing, optionBrowser, envBrowser] })).toBe(optionBrowser);
  });

  it('looks at the system paths by default', () => {
    delete process.env['PUPPETEER_EXECUTABLE_PATH'];
    expect(SYSTEM_BROWSERS).toEqual(['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/opt/google/chrome/chrome']);
    let found: string | undefined;
    try {
      found = findBrowser();
    } catch (error) {
      expect((error as MatnError).code).toBe('browser');
      return;
    }
    expect(found.length).toBeGreaterThan(0);
  });

  it('a missing browser named by the environment is an error that says how to get one', () => {
    process.env['PUPPETEER_EXECUTABLE_PATH'] = join(dir, 'no-such-chrome');
    const error = thrown(() => findBrowser({ executablePath: optionBrowser }));
    expect(error.code).toBe('browser');
    expect(error.message).toContain('no-such-chrome');
    expect(error.message).toContain('PUPPETEER_EXECUTABLE_PATH');
  });

  it('a missing configured browser is an error too, not silently replaced', () => {
    delete process.env['PUPPETEER_EXECUTABLE_PATH'];
    const error = thrown(() => findBrowser({ executablePath: join(dir, 'gone') }));
    expect(error.code).toBe('browser');
    expect(error.file).toBe(join(dir, 'gone'));
  });

  it('no browser anywhere: a clear message with the three ways to get one', () => {
    delete process.env['PUPPETEER_EXECUTABLE_PATH'];
    const error = thrown(() => findBrowser({ candidates: [join(dir, 'a'), join(dir, 'b')] }));
    expect(error.code).toBe('browser');
    expect(error.message).toBe(NO_BROWSER_MESSAGE);
    expect(error.message).toContain('apt-get install chromium');
    expect(error.message).toContain('npx puppeteer browsers install chrome');
    expect(error.message).toContain('PUPPETEER_EXECUTABLE_PATH');
  });

  it('a folder or a non-executable file is not a browser', () => {
    delete process.env['PUPPETEER_EXECUTABLE_PATH'];
    const plain = join(dir, 'plain-file');
    writeFileSync(plain, 'not a program');
    expect(() => findBrowser({ candidates: [dir, plain] })).toThrow(MatnError);
  });
});
