/**
 * unified parser for plain-text captures of web pages: every non-blank line becomes a paragraph
 * of the Markdown syntax tree (mdast), carrying where it came from (line number, indentation,
 * blank lines around it). Nothing in the text is interpreted here: a line that looks like
 * Markdown or HTML stays literal text. The structure plugins decide what each line is.
 */
import type { Root, Paragraph } from 'mdast';
import '../tree/types.js';
import { INVISIBLE } from '../unicode.js';

/** A line of white space and invisible marks only (NBSP, zero-width space, a stray bidi mark). */
const BLANK = new RegExp(`^[\\s${INVISIBLE}]*$`, 'u');

function indentWidth(prefix: string): number {
  let width = 0;
  for (const ch of prefix) width += ch === '\t' ? 4 : 1;
  return width;
}

/** Parses plain text into an mdast root of one paragraph per non-blank line. */
export function parsePlainText(text: string): Root {
  const lines = text.split('\n');
  // each line tested once: a line's neighbours read it too
  const blankLines = lines.map((line) => BLANK.test(line));
  const children: Paragraph[] = [];
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lineStart = offset;
    offset += line.length + 1;
    // Unicode white space, including NBSP, and invisible marks alone count as blank.
    if (blankLines[i]) continue;
    const lead = /^[\t \u00a0\u3000]*/.exec(line)![0];
    const raw = line.slice(lead.length).replace(/[\t \u00a0\u3000]+$/, '');
    const startColumn = lead.length + 1;
    children.push({
      type: 'paragraph',
      children: [
        {
          type: 'text',
          value: raw,
          position: {
            start: { line: i + 1, column: startColumn, offset: lineStart + lead.length },
            end: { line: i + 1, column: startColumn + raw.length, offset: lineStart + lead.length + raw.length },
          },
        },
      ],
      position: {
        start: { line: i + 1, column: startColumn, offset: lineStart + lead.length },
        end: { line: i + 1, column: startColumn + raw.length, offset: lineStart + lead.length + raw.length },
      },
      data: {
        matnLine: {
          number: i + 1,
          indent: indentWidth(lead),
          raw,
          blankBefore: blankLines[i - 1] ?? true,
          blankAfter: blankLines[i + 1] ?? true,
        },
      },
    });
  }
  return { type: 'root', children };
}
