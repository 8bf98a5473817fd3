import { describe, expect, it } from 'vitest';
import { findDates } from '../../src/structure/arabic-dates.js';
import { processText, bodyHtml } from '../helpers.js';

describe('findDates', () => {
  it.each([
    ['في 28 آذار/مارس 2019.', '2019-03-28', '28 آذار/مارس 2019'],
    ['يومَي 7 و8 تشرين الثاني/نوفمبر 2019 في', '2019-11', 'تشرين الثاني/نوفمبر 2019'],
    ['في آب/أغسطس 2014 من خلال', '2014-08', 'آب/أغسطس 2014'],
    ['تسري في 2 نوفمبر، 2015.', '2015-11-02', '2 نوفمبر، 2015'],
    ['28 فبراير 2022', '2022-02-28', '28 فبراير 2022'],
    ['في ١٥ نيسان ٢٠١٨', '2018-04-15', '١٥ نيسان ٢٠١٨'],
    ['جوان 2020', '2020-06', 'جوان 2020'],
  ])('%s', (text, datetime, matched) => {
    expect(findDates(text)).toEqual([{ index: text.indexOf(matched), text: matched, datetime }]);
  });

  it('does not take a verb or a lone month for a date', () => {
    expect(findDates('مارس الضغط على الحكومة عام كامل')).toEqual([]);
    expect(findDates('في نيسان/أبريل إبّان الاجتماع')).toEqual([]);
  });

  it('refuses mismatched pairs', () => {
    expect(findDates('نيسان/مايو 2019')).toEqual([]);
  });
});

describe('dates and the update line', () => {
  it('tags dates in running text with <time>', () => {
    expect(bodyHtml('عنوان\n\nاعتمد القرار في 28 آذار/مارس 2019.')).toContain('<time datetime="2019-03-28">28 آذار/مارس 2019</time>');
  });

  it('never starts a date inside a word', () => {
    expect(bodyHtml('عنوان\n\nيومي 25 و26 نيسان/أبريل 2018 بعنوان')).toContain('و26 <time datetime="2018-04">نيسان/أبريل 2018</time>');
  });

  it('takes the update line as the modified date', () => {
    const doc = processText('عنوان\n\nنص.\n\nتم تحديث الصفحة في نوفمبر 2019');
    expect(doc.meta.modified).toBe('2019-11');
    expect(doc.mdast.children.at(-1)!.type).toBe('matnUpdated');
  });

  it('takes a date line under the title as the document date', () => {
    const doc = processText('عنوان\n\n28 فبراير 2022\n\nنص.');
    expect(doc.meta.date).toBe('2022-02-28');
    expect(doc.meta.modified).toBeUndefined();
  });
});
