/**
 * A source can never make the renderer fetch anything or run anything: a local HTTP server counts
 * every request it gets while documents (and a template) full of remote references and scripts
 * are printed.
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfPrinter } from '../../src/render/pdf/printer.js';
import { TemplateSet, BUILTIN_TEMPLATES } from '../../src/render/templates.js';
import { readFileSync } from 'node:fs';
import { processText } from '../helpers.js';
import { hasTool, haveBrowser, poppler } from './pdf-helpers.js';

const canPrint = haveBrowser();
let server: Server;
let base: string;
const requests: string[] = [];
let printer: PdfPrinter;
let dir: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('tracked');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'matn-isolation-'));
  if (canPrint) printer = await PdfPrinter.launch({ pages: 1 });
}, 60_000);

afterAll(async () => {
  await printer?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

function text(pdf: Uint8Array): string {
  return hasTool('pdftotext') ? poppler('pdftotext', pdf, ['-enc', 'UTF-8']) : '';
}

describe.skipIf(!canPrint)('isolation', () => {
  it('a Markdown source with remote images, raw HTML and scripts makes no request', async () => {
    const md = [
      '# عنوان الوثيقة',
      '',
      `صورة بعيدة: ![شعار](${base}/markdown-image.png) ورابط [هنا](${base}/link).`,
      '',
      `<img src="${base}/raw-img.png" onerror="document.title='x'">`,
      '',
      `<script src="${base}/raw-script.js"></script>`,
      '',
      '<script>document.body.insertAdjacentText("beforeend", "SCRIPT" + "-RAN-" + "MARK")</script>',
      '',
      `<link rel="stylesheet" href="${base}/raw.css"><iframe src="${base}/raw-frame"></iframe>`,
      '',
      `<style>@import url("${base}/import.css"); body { background: url("${base}/bg.png"); }</style>`,
      '',
    ].join('\n');
    const doc = processText(md, { name: join(dir, 'doc.md') });
    const pdf = await printer.print(doc, { sourceDateEpoch: 0 });
    expect(requests).toEqual([]);
    if (hasTool('pdftotext')) {
      const t = text(pdf);
      expect(t).not.toContain('SCRIPT-RAN-MARK');
      // Raw HTML is sanitized (src/tree/sanitize.ts): scripts, styles and frames go, addresses and all.
      expect(t).not.toMatch(/raw-script\.js|raw-frame|import\.css/u);
      expect(t).toContain('صورة بعيدة');
    }
  });

  it('even a template full of remote references and scripts makes no request and runs nothing', async () => {
    const userTemplates = join(dir, 'templates');
    mkdirSync(join(userTemplates, 'print'), { recursive: true });
    const builtin = readFileSync(join(BUILTIN_TEMPLATES, 'print', 'page.hbs'), 'utf8');
    const hostile = [
      `<link rel="stylesheet" href="${base}/tpl.css">`,
      `<link rel="preload" as="image" href="${base}/preload.png">`,
      `<link rel="prefetch" href="${base}/prefetch">`,
      `<link rel="icon" href="${base}/favicon.ico">`,
      `<style>@import url("${base}/tpl-import.css"); main { background-image: url("${base}/tpl-bg.png"); } @font-face { font-family: X; src: url("${base}/font.woff2"); } p { font-family: X, Amiri; }</style>`,
      `<script src="${base}/tpl.js"></script>`,
      '<script>document.body.insertAdjacentText("beforeend", "SCRIPT" + "-RAN-" + "MARK"); fetch("' + base + '/fetch");</script>',
    ].join('\n');
    const bodyExtras = [
      `<img src="${base}/tpl-img.png" srcset="${base}/tpl-img-2x.png 2x" onerror="this.alt='HANDLER' + '-RAN'">`,
      `<iframe src="${base}/tpl-frame"></iframe>`,
      `<object data="${base}/tpl-object"></object>`,
      `<video poster="${base}/poster.png" src="${base}/video.mp4"></video>`,
      `<svg><image href="${base}/svg-image.png" width="10" height="10"/></svg>`,
      '<noscript><p>NOSCRIPT-SHOWN</p></noscript>',
    ].join('\n');
    const page = builtin.replace('</head>', `${hostile}\n</head>`).replace('<main id="content">', `<main id="content">\n${bodyExtras}`);
    writeFileSync(join(userTemplates, 'print', 'page.hbs'), page);
    const doc = processText('عنوان\n\nنص قصير.\n');
    const pdf = await printer.print(doc, { templates: new TemplateSet(userTemplates), sourceDateEpoch: 0 });
    expect(requests).toEqual([]);
    if (hasTool('pdftotext')) {
      const t = text(pdf);
      expect(t).not.toContain('SCRIPT-RAN-MARK');
      expect(t).not.toContain('HANDLER-RAN');
      // Script is off for the page, so <noscript> content is shown: positive proof.
      expect(t).toContain('NOSCRIPT-SHOWN');
      expect(t).toContain('نص قصير');
    }
  });
});
