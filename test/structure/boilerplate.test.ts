import { describe, expect, it } from 'vitest';
import { boilerplate } from '../../src/structure/boilerplate.js';
import { runPlugins } from '../helpers.js';
import { toString } from 'mdast-util-to-string';

describe('boilerplate', () => {
  it('drops share and navigation lines and records each drop with its line', () => {
    const { tree, file } = runPlugins('عنوان\n\nحصة\n\nنص عن حصة الأسد.\n\nفي نفس الموضوع\n\nروابط هامة', [boilerplate]);
    expect(tree.children.map((n) => toString(n))).toEqual(['عنوان', 'نص عن حصة الأسد.']);
    expect(file.data.matn!.dropped).toEqual([
      { line: 3, text: 'حصة', reason: 'boilerplate' },
      { line: 7, text: 'في نفس الموضوع', reason: 'boilerplate' },
      { line: 9, text: 'روابط هامة', reason: 'boilerplate' },
    ]);
  });

  it('never drops a line that only contains a boilerplate word', () => {
    const { tree } = runPlugins('حصة فرنسا من التمويل\n\nروابط هامة جدا للباحثين', [boilerplate]);
    expect(tree.children).toHaveLength(2);
  });

  it('takes a configured list instead of the built-in one', () => {
    const { tree } = runPlugins('حصة\n\nاشترك في النشرة', [[boilerplate, { lines: ['اشترك في النشرة'] }]]);
    expect(tree.children.map((n) => toString(n))).toEqual(['حصة']);
  });
});
