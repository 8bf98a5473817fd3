import { describe, expect, it } from 'vitest';
import { seeMore } from '../../src/structure/see-more.js';
import { runPlugins, bodyHtml } from '../helpers.js';

describe('seeMore', () => {
  it('sets "see more" lines apart as their own block', () => {
    const { tree } = runPlugins('نص.\nللاطلاع على المزيد من المعلومات عن الحضور الفرنسي في منطقة الساحل\n\nلمزيد من المعلومات، زوروا الموقع', [seeMore]);
    expect(tree.children.map((n) => n.type)).toEqual(['paragraph', 'matnSeeMore', 'matnSeeMore']);
  });

  it('renders a note aside (not a landmark of its own inside the main text)', () => {
    expect(bodyHtml('عنوان\n\nللاطلاع على المزيد من المعلومات عن حقبة ما بعد تنظيم داعش')).toContain(
      '<aside class="see-more" role="note">\n<p>للاطلاع على المزيد من المعلومات عن حقبة ما بعد تنظيم داعش</p>\n</aside>',
    );
  });

  it('leaves a long paragraph that merely opens with the words alone', () => {
    const long = `للمزيد من المعلومات ${'كلمة '.repeat(40)}`;
    const { tree } = runPlugins(long, [seeMore]);
    expect(tree.children[0]!.type).toBe('paragraph');
  });
});
