import { describe, expect, it } from 'vitest';
import { wrappedLines } from '../../src/structure/wrapped-lines.js';
import { runPlugins } from '../helpers.js';
import { toString } from 'mdast-util-to-string';

describe('wrappedLines', () => {
  it('rejoins a sentence hard-wrapped over two lines', () => {
    const text = 'ووعيا بضرورة الحفاظ على البيئة سليمة بما يضمن استدامة مواردنا الطبيعية واستمرارية الحياة\nالآمنة للأجيال القادمة.';
    const { tree } = runPlugins(text, [wrappedLines]);
    expect(tree.children).toHaveLength(1);
    expect(toString(tree.children[0]!)).toContain('الحياة\nالآمنة');
  });

  it('keeps a short label and its text apart, and lines that end a sentence', () => {
    const { tree } = runPlugins('الفصل 4\nعلم الجمهورية التونسية أحمر، يتوسطه قرص أبيض حسبما يضبطه القانون.\nالنشيد الرسمي للجمهورية التونسية هو "حماة الحمى".', [wrappedLines]);
    expect(tree.children).toHaveLength(3);
  });

  it('does not join across a blank line or into a bullet', () => {
    const { tree } = runPlugins('سطر طويل بما يكفي ليكون جملة كاملة من دون علامة في آخره أبدا\n  • بند', [wrappedLines]);
    expect(tree.children).toHaveLength(2);
  });
});
