/**
 * Readers whose libraries load on first use (src/parse/readers.ts): readSource loads them; a
 * Markdown source made in memory needs loadReader first, and says so by name when it is missing.
 * (This file must not import test/helpers.ts, which loads the Markdown reader.)
 */
import { describe, expect, it } from 'vitest';
import { decodeDocument } from '../../src/read/source.js';
import { processSource } from '../../src/pipeline.js';
import { loadReader } from '../../src/parse/readers.js';
import { MatnError } from '../../src/errors.js';

const markdown = () => decodeDocument(Buffer.from('# عنوان الصفحة\n\nفقرة أولى من النص.\n', 'utf8'), 'notes/page.md', 'md');

describe('the Markdown reader, loaded on first use', () => {
  it('names the file and what to do when its reader was not loaded', () => {
    const error = (() => {
      try {
        processSource(markdown());
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(MatnError);
    expect(String((error as Error).message)).toContain('notes/page.md');
    expect(String((error as Error).message)).toMatch(/readSource|loadReader/u);
  });

  it('parses once loadReader has loaded it', async () => {
    await loadReader('md');
    const doc = processSource(markdown());
    expect(doc.meta.title).toBe('عنوان الصفحة');
  });
});
