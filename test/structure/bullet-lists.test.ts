import { describe, expect, it } from 'vitest';
import type { List } from 'mdast';
import { bulletLists } from '../../src/structure/bullet-lists.js';
import { runPlugins, bodyHtml } from '../helpers.js';
import { toString } from 'mdast-util-to-string';

describe('bulletLists', () => {
  it('turns "•" lines into one list, blank lines between items allowed', () => {
    const { tree } = runPlugins('تمهيد:\n\n  • أول،\n  • ثان،\n\n  • ثالث.\n\nنص بعد القائمة.', [bulletLists]);
    expect(tree.children.map((n) => n.type)).toEqual(['paragraph', 'list', 'paragraph']);
    const list = tree.children[1] as List;
    expect(list.ordered).toBe(false);
    expect(list.children.map((i) => toString(i))).toEqual(['أول،', 'ثان،', 'ثالث.']);
  });

  it.each(['-', '*', '·', '•'])('accepts "%s" as a bullet', (marker) => {
    const { tree } = runPlugins(`${marker} بند\n${marker} بند آخر`, [bulletLists]);
    expect((tree.children[0] as List).children).toHaveLength(2);
  });

  it('nests more indented bullets under the item above', () => {
    const html = bodyHtml('عنوان\n\n  • الأداء الوظيفي: مثلا:\n    • ملفات تعريف الارتباط\n    • عناوين IP\n  • المقاييس\n');
    expect(html).toMatch(/<li>الأداء الوظيفي: مثلا:\s*<ul>\s*<li>ملفات تعريف الارتباط<\/li>\s*<li>عناوين <span[^>]*>IP<\/span><\/li>\s*<\/ul>\s*<\/li>\s*<li>المقاييس<\/li>/u);
  });

  it('does not take a hyphen inside a line for a bullet', () => {
    const { tree } = runPlugins('-نص ملتصق بالشرطة', [bulletLists]);
    expect(tree.children[0]!.type).toBe('paragraph');
  });
});
