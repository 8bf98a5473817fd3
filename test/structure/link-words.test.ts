/** A link that stops inside a word takes the rest of the word; links that end at a word's end stay. */
import { describe, expect, it } from 'vitest';
import { bodyHtml } from '../helpers.js';

const md = (text: string) => bodyHtml(`# عنوان\n\n${text}\n`, { name: 'x.md' });

describe('linkWords', () => {
  it('extends a link cut inside a word to the end of the word', () => {
    expect(md('نشرها [سامي الحلب](https://example.org/v)ي، وآخرون.')).toContain('<a href="https://example.org/v">سامي الحلبي</a>، وآخرون.');
    // marks and tatweel belong to the word too
    expect(md('[الشرك](https://example.org/a)ـةُ الكبرى')).toContain('<a href="https://example.org/a">الشركـةُ</a> الكبرى');
  });

  it('leaves links that end at a space or a punctuation mark', () => {
    expect(md('[سامي الحلبي](https://example.org/v) وآخرون')).toContain('<a href="https://example.org/v">سامي الحلبي</a> وآخرون');
    expect(md('[الموقع](https://example.org/)، ثم')).toContain('<a href="https://example.org/">الموقع</a>، ثم');
    expect(md('[الموقع ](https://example.org/)نص')).toContain('<a href="https://example.org/">الموقع </a>نص');
  });
});
