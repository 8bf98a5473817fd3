/**
 * The reader and writer registries drive everything format-shaped: the config schema, the CLI's
 * choices, what a build writes. Every writer is held to the same contract.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WRITERS, DEFAULT_FORMATS } from '../../src/render/writers.js';
import { READERS } from '../../src/parse/readers.js';
import { configSchema, parseConfig } from '../../src/publish/config.js';
import { build } from '../../src/publish/build.js';
import { TemplateSet } from '../../src/render/templates.js';
import type { WriterContext } from '../../src/render/writer.js';
import { readSourceSync } from '../../src/read/source.js';
import { processText } from '../helpers.js';

const cwd = mkdtempSync(join(tmpdir(), 'matn-registry-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const context: WriterContext = {
  templates: new TemplateSet(),
  settings: { pageSize: 'A4', digits: 'arabic-indic', toc: true, pdfToc: false, runningHead: 'title', timeoutMs: 60_000 },
  sourceDateEpoch: 1_700_000_000,
  printer: () => Promise.reject(new Error('no browser in this test')),
};

describe('the writer registry', () => {
  it('is what the config accepts, and the defaults are the writers built by default', () => {
    expect(configSchema.parse({}).formats).toEqual(DEFAULT_FORMATS);
    for (const writer of WRITERS) expect(parseConfig(JSON.stringify({ formats: [writer.format] }), 'matn.config.json').formats).toEqual([writer.format]);
    expect(() => parseConfig('{"formats":["docx"]}', 'matn.config.json')).toThrow(new RegExp(WRITERS.map((w) => w.format).join('.*'), 'u'));
  });

  it.each(WRITERS.filter((w) => !w.needsBrowser).map((w) => [w.format, w] as const))('%s: renders without changing the document', async (_format, writer) => {
    const doc = processText('عنوان\n\nفقرة أولى فيها Mozilla و2019.\n\n• بند\n• بند آخر\n', { name: 'w.txt' });
    const before = structuredClone({ meta: doc.meta, mdast: doc.mdast, hast: doc.hast, outline: doc.outline });
    const { artifact, warnings } = await writer.render(doc, context);
    expect(typeof artifact === 'string' ? artifact.length : 'byteLength' in artifact ? artifact.byteLength : 0).toBeGreaterThan(0);
    expect(Array.isArray(warnings)).toBe(true);
    expect({ meta: doc.meta, mdast: doc.mdast, hast: doc.hast, outline: doc.outline }).toEqual(before);
  });

  it('a build writes each format under its own extension and lists it in the manifest', async () => {
    mkdirSync(join(cwd, 'source'), { recursive: true });
    writeFileSync(join(cwd, 'source', 'a.txt'), 'عنوان\n\nنص.\n');
    const formats = WRITERS.filter((w) => !w.needsBrowser).map((w) => w.format);
    const result = await build({ cwd, overrides: { formats } });
    expect(result.ok).toBe(true);
    const entry = result.manifest.documents[0]!;
    expect(entry.artifacts.map((a) => [a.format, a.path])).toEqual(formats.map((f) => [f, `a.${WRITERS.find((w) => w.format === f)!.extension}`]));
  });
});

describe('the reader registry', () => {
  it('reads every extension it lists, and names them when a type is not supported', () => {
    for (const reader of READERS) {
      if (reader.convert) continue; // binary formats: their own tests (test/parse/docx-reader.test.ts)
      for (const ext of reader.extensions) {
        const path = join(cwd, `r${ext}`);
        writeFileSync(path, reader.format === 'md' ? '# عنوان\n\nنص.\n' : reader.format === 'html' ? '<html><body><h1>عنوان</h1><p>نص.</p></body></html>' : 'عنوان\n\nنص.\n');
        expect(readSourceSync(path).format).toBe(reader.format);
      }
    }
    writeFileSync(join(cwd, 'r.odt'), 'x');
    expect(() => readSourceSync(join(cwd, 'r.odt'))).toThrow(new RegExp(`matn reads ${READERS.map((r) => r.extensions[0]!.replace('.', '\\.')).join('.*')}`, 'u'));
  });
});
