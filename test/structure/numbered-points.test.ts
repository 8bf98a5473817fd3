import { describe, expect, it } from 'vitest';
import type { List } from 'mdast';
import { numberedPoints, parseMarker } from '../../src/structure/numbered-points.js';
import { bulletLists } from '../../src/structure/bullet-lists.js';
import { runPlugins, bodyHtml } from '../helpers.js';
import { toString } from 'mdast-util-to-string';

describe('parseMarker', () => {
  it.each([
    ['1) نص', 'paren', 1, undefined],
    ['(12) نص', 'paren', 12, undefined],
    ['١) نص', 'paren', 1, undefined],
    ['٣) نص', 'paren', 3, undefined],
    ['7. نص', 'dot', 7, undefined],
    ['4- نص', 'dash', 4, undefined],
    ['1-2 نص', 'sub', 2, 1],
    ['3-b نص', 'sub', undefined, 3],
    ['ب) نص', 'abjad', undefined, undefined],
  ])('%s', (line, style, value, parent) => {
    const m = parseMarker(line)!;
    expect(m.style).toBe(style);
    expect(m.value).toBe(value);
    expect(m.parent).toBe(parent);
  });

  it('ignores numbers that are not markers', () => {
    expect(parseMarker('2019 كان عاما صعبا')).toBeUndefined();
    expect(parseMarker('28 فبراير 2022')).toBeUndefined();
  });
});

describe('numberedPoints', () => {
  const seedLike = [
    '1) اعتمد مجلس الأمن قرارًا. وأدى هذا القرار إلى ما يلي:',
    '',
    '  • من خلال إعادة إثبات التزامات الدول،',
    '  • من خلال الدعوة إلى تعزيز التدابير،',
    '',
    '2) كانت مكافحة تمويل الإرهاب إحدى الأولويات.',
    '',
    '3) تذكّر فرنسا شركاءها بحرصها على التنفيذ.',
  ].join('\n');

  it('makes one ordered list that keeps its numbers, bullets nested under their point', () => {
    const { tree } = runPlugins(seedLike, [bulletLists, numberedPoints]);
    expect(tree.children).toHaveLength(1);
    const list = tree.children[0] as List;
    expect(list.ordered).toBe(true);
    expect(list.children.map((i) => i.data?.matnValue)).toEqual([1, 2, 3]);
    const nested = list.children[0]!.children[1] as List;
    expect(nested.type).toBe('list');
    expect(nested.ordered).toBe(false);
    expect(nested.children).toHaveLength(2);
  });

  it('renders bracket numbers as list numbering (not text) with li value', () => {
    const html = bodyHtml(`عنوان\n\n${seedLike}`);
    expect(html).toMatch(/<ol class="marker-paren">\s*<li value="1">اعتمد/u);
    expect(html).not.toContain('1)');
  });

  it('keeps numbers that do not start at 1', () => {
    const html = bodyHtml('عنوان\n\n4) الرابع.\n5) الخامس.');
    expect(html).toMatch(/<ol start="4"[^>]*>\s*<li value="4">/u);
  });

  it('nests sub-points "1-1", "1-a" under their goal and keeps the labels in the text', () => {
    const text = ['1. القضاء على الفقر', '1-1 القضاء على الفقر المدقع', '1-a كفالة حشد موارد كبيرة', '2. القضاء على الجوع', '2-1 القضاء على الجوع'].join('\n');
    const { tree } = runPlugins(text, [bulletLists, numberedPoints]);
    const goals = tree.children[0] as List;
    expect(goals.children).toHaveLength(2);
    const targets = goals.children[0]!.children[1] as List;
    expect(targets.children.map((i) => toString(i))).toEqual(['1-1 القضاء على الفقر المدقع', '1-a كفالة حشد موارد كبيرة']);
    expect(toString(goals.children[1]!.children[0]!)).toBe('2. القضاء على الجوع');
  });

  it('nests abjad sub-points "أ)" under a point', () => {
    const { tree } = runPlugins('1) يلتزم الطرفان بما يلي:\nأ) الأول\nب) الثاني\n2) البند الثاني.', [bulletLists, numberedPoints]);
    const list = tree.children[0] as List;
    expect(list.children).toHaveLength(2);
    expect((list.children[0]!.children[1] as List).children).toHaveLength(2);
  });

  it('leaves a short numbered line followed by body text as a numbered heading', () => {
    const { tree } = runPlugins('1. مقدمة\n\nالرجاء قراءة شروط هذا المستند بالكامل.\n\n2. تسجيل الحساب\n\nتشترط بعض المواقع أن تسجل.', [bulletLists, numberedPoints]);
    expect(tree.children.every((n) => n.type === 'paragraph')).toBe(true);
  });

  it('handles Arabic-Indic digits', () => {
    const html = bodyHtml('عنوان\n\n١) الأول.\n٢) الثاني.');
    expect(html).toMatch(/<ol class="marker-paren-arabic-indic">\s*<li value="1">الأول/u);
  });
});
