/**
 * What a print page may load: the page itself and the files it was built with, answered from
 * disk; every other request is refused, and a Content-Security-Policy forbids the rest besides.
 */
import { readFileSync } from 'node:fs';
import type { HTTPRequest } from 'puppeteer';
import { PAGE_URL, PRINT_ORIGIN, type Asset } from './page-assets.js';

/** What a pool page currently serves. */
export interface Served {
  html: string;
  assets: Map<string, Asset>;
  /** Every file answered since the page was last navigated, URL → path (see page-pool.ts's printOn). */
  answered?: Map<string, string>;
}

const fileCache = new Map<string, Buffer>();
function readCached(path: string): Buffer {
  let bytes = fileCache.get(path);
  if (!bytes) {
    bytes = readFileSync(path);
    // Only the bundled fonts are worth keeping for the whole process.
    if (path.endsWith('.woff2')) fileCache.set(path, bytes);
  }
  return bytes;
}

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `font-src ${PRINT_ORIGIN}`,
  `img-src ${PRINT_ORIGIN} data:`,
  `style-src ${PRINT_ORIGIN} 'unsafe-inline'`,
  "script-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Whether every file a page was answered is among `assets`, from the same file: the next print may load them all. */
export function answeredOnly(answered: Map<string, string>, assets: Map<string, Asset>): boolean {
  for (const [url, path] of answered) if (assets.get(url)?.path !== path) return false;
  return true;
}

/** A request whose page has closed meanwhile needs no answer. */
function ignore(): void {}

/** Answers the page's requests: the page itself and its bundled files; everything else is refused. */
export function answer(state: Served, request: HTTPRequest): void {
  if (request.isInterceptResolutionHandled()) return;
  const url = request.url();
  if (url === PAGE_URL && request.isNavigationRequest() && !request.frame()?.parentFrame()) {
    request
      .respond({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        // A second lock besides the interception: the page may load nothing but its own files
        // and run no script at all.
        headers: { 'content-security-policy': CONTENT_SECURITY_POLICY },
        body: state.html,
      })
      .catch(ignore);
    return;
  }
  const asset = state.assets.get(url);
  if (asset && request.method() === 'GET') {
    let body: Buffer;
    try {
      body = readCached(asset.path);
    } catch {
      request.abort('failed').catch(ignore);
      return;
    }
    state.answered?.set(url, asset.path);
    request.respond({ status: 200, contentType: asset.type, body, headers: { 'access-control-allow-origin': '*' } }).catch(ignore);
    return;
  }
  request.abort('blockedbyclient').catch(ignore);
}

