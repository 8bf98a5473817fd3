import { describe, expect, it } from 'vitest';
import { guessLanguage } from '../../src/structure/foreign-phrases.js';
import { bodyHtml, processText } from '../helpers.js';

describe('foreignPhrases', () => {
  it('marks a French phrase with its language and isolates it', () => {
    expect(bodyHtml('عنوان\n\nنص.\n\nOpération Chammal')).toContain('<span lang="fr" dir="ltr">Opération Chammal</span>');
  });

  it('marks English product names inside Arabic sentences', () => {
    expect(bodyHtml('عنوان\n\nنستخدم Google Analytics لقياس الزيارات.')).toContain('<span lang="en" dir="ltr">Google Analytics</span>');
  });

  it('isolates addresses without giving them a language', () => {
    const html = bodyHtml('عنوان\n\nراجعوا https://developer.mozilla.org/docs/Apps. أو licensing@mozilla.org.');
    expect(html).toContain('<span dir="ltr" translate="no">https://developer.mozilla.org/docs/Apps</span>.');
    expect(html).toContain('<span dir="ltr" translate="no">licensing@mozilla.org</span>.');
  });

  it('keeps a number run with the Latin words it belongs to', () => {
    expect(bodyHtml('عنوان\n\nومقرها في 331 E. Evelyn Avenue، Mountain View، CA 94041، الولايات المتحدة')).toContain('<span lang="en" dir="ltr">CA 94041</span>');
  });

  it('isolates Latin glued to an Arabic letter with invisible controls, keeping the word whole', () => {
    const html = bodyHtml('عنوان\n\nنطاقات mozillians.org، وmozilla.org، وغيرها');
    expect(html).toContain('و\u2066mozilla.org\u2069،');
    expect(html).not.toMatch(/و<span/u);
  });

  it('can be told the language', () => {
    expect(bodyHtml('عنوان\n\nنص Chammal', { foreignLang: 'fr' })).toContain('lang="fr"');
  });

  it('guesses French from accents and function words, English otherwise', () => {
    expect(guessLanguage('Ministère des Affaires étrangères')).toBe('fr');
    expect(guessLanguage('Send in Blue')).toBe('en');
  });

  it('reports the foreign phrases in the tree', () => {
    const doc = processText('عنوان\n\nOpération Chammal');
    expect(JSON.stringify(doc.mdast)).toContain('"type":"matnForeign","lang":"fr"');
  });
});

describe('numberRuns', () => {
  it('isolates numbers in Arabic sentences', () => {
    expect(bodyHtml('عنوان\n\nبأقل من 1.25 دولار في اليوم')).toContain('<span class="num" dir="ltr">1.25</span>');
  });

  it('leaves digits glued to letters alone', () => {
    expect(bodyHtml('عنوان\n\nيومي 25 و26 من الشهر')).toContain('و26');
  });
});
