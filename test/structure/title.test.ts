import { describe, expect, it } from 'vitest';
import { processText } from '../helpers.js';
import { toString } from 'mdast-util-to-string';

describe('title', () => {
  it('makes the first line the title and the only h1', () => {
    const doc = processText('الإرهاب، أنشطة فرنسا الدولية\n\nنص أول.\n');
    expect(doc.meta.title).toBe('الإرهاب، أنشطة فرنسا الدولية');
    const h1s = doc.mdast.children.filter((n) => n.type === 'heading' && n.depth === 1);
    expect(h1s.map((n) => toString(n))).toEqual(['الإرهاب، أنشطة فرنسا الدولية']);
  });

  it('takes the title from Markdown front matter and keeps the first line as text', () => {
    const doc = processText('---\ntitle: اتفاقية المطور\nauthor: موزيلا\n---\nتسري هذه النسخة في 2 نوفمبر، 2015.\n', { name: 'a.md' });
    expect(doc.meta.title).toBe('اتفاقية المطور');
    expect(doc.meta.author).toBe('موزيلا');
    expect(toString(doc.mdast.children[0]!)).toBe('اتفاقية المطور');
    expect(doc.mdast.children[1]!.type).toBe('paragraph');
  });

  it('keeps one h1 in Markdown: later level-1 headings become sections', () => {
    const doc = processText('# الأول\n\nنص\n\n# الثاني\n\nنص\n', { name: 'a.md' });
    expect(doc.mdast.children.filter((n) => n.type === 'heading').map((n) => (n as { depth: number }).depth)).toEqual([1, 2]);
  });
});
