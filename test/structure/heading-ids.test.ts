import { describe, expect, it } from 'vitest';
import { processText } from '../helpers.js';

const para = 'فقرة طويلة بما يكفي لتكون نصا عاديا.';

describe('headingIds', () => {
  it('gives readable Arabic ids without diacritics, and numbers repeats', () => {
    const doc = processText(`العنوان\n\n${para}\n\nتعزيز التعاونِ الدوليّ\n\n${para}\n\nخاتمة\n\n${para}\n\nخاتمة\n\n${para}`);
    expect(doc.outline.map((e) => e.id)).toEqual(['تعزيز-التعاون-الدولي', 'خاتمة', 'خاتمة-1']);
  });

  it('gives the same ids on every build', () => {
    const text = `العنوان\n\n${para}\n\nقسم أول\n\n${para}`;
    expect(processText(text).outline).toEqual(processText(text).outline);
  });

  it('puts the ids on the HTML headings the outline links to', () => {
    const doc = processText(`العنوان\n\n${para}\n\nقسم أول\n\n${para}`);
    const h2 = doc.hast.children.find((n) => n.type === 'element' && n.tagName === 'h2');
    expect(h2 && h2.type === 'element' ? h2.properties.id : undefined).toBe(doc.outline[0]!.id);
  });
});
