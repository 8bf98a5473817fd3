/** Dates matn writes: one definition for every format (src/dates.ts). */
import { describe, expect, it } from 'vitest';
import { formatDate, parseIsoDate, sourceDateEpoch } from '../../src/dates.js';
import { renderEpubFile } from '../../src/render/epub/render-epub.js';
import { joinedBytes } from '../../src/render/encoded.js';
import { entryMap } from '../epub/helpers.js';
import { processText } from '../helpers.js';

describe('dates', () => {
  it('reads SOURCE_DATE_EPOCH as whole seconds, and ignores what is not a number', () => {
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '1700000000' })).toBe(1_700_000_000);
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: ' 1700000000.9 ' })).toBe(1_700_000_000);
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: 'yesterday' })).toBeUndefined();
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '' })).toBeUndefined();
    expect(sourceDateEpoch({})).toBeUndefined();
  });

  it('writes an ISO date in Arabic with the chosen digits, and refuses an impossible one', () => {
    expect(formatDate('2019-11', 'arabic-indic')).toBe('نوفمبر ٢٠١٩');
    expect(formatDate('2016-06-23', 'western')).toBe('23 يونيو 2016');
    expect(formatDate('2016-06-03', 'arabic-indic')).toBe('٣ يونيو ٢٠١٦');
    expect(formatDate('2022-13', 'western')).toBeUndefined();
    expect(parseIsoDate('2019-11')).toBe(Date.UTC(2019, 10, 1));
  });

  it('the EPUB cover writes a date it makes from an ISO date in the digits asked for', async () => {
    const doc = processText('---\ntitle: تقرير\nmodified: 2019-11\n---\n\n# تقرير\n\nنص.\n', { name: 'r.md' });
    const cover = async (digits: 'arabic-indic' | 'western') =>
      entryMap(joinedBytes((await renderEpubFile(doc, { sourceDateEpoch: 1_700_000_000, digits })).file)).get('EPUB/cover.xhtml')!;
    expect(await cover('arabic-indic')).toContain('تقرير — نوفمبر ٢٠١٩');
    expect(await cover('western')).toContain('تقرير — نوفمبر 2019');
  });
});
