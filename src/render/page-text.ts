/**
 * The text a rendered page shows, for cutting fonts down to it (font-subset.ts): everything
 * between the tags of the page's markup (the document, the template's own words such as
 * "المحتويات", dates in the chosen digits), plus what the style sheet generates (quoted
 * `content`, list numbers), and apart from it the text set bold.
 *
 * Bold text is what sits inside an element the browser sets bold (h1–h6, th, b, strong) or that
 * the style sheet makes bold by tag name. When the style sheet makes something bold by a class
 * or attribute alone, the bold face keeps every character, as which text that is cannot be told
 * from tags.
 */
import type { ShownText } from './font-subset.js';

const BOLD_BY_DEFAULT = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'th', 'b', 'strong'];
/** Characters of list numbers: decimal ones with the ". " a browser puts after them. */
const DECIMAL_NUMBERS = '0123456789. ';
const ARABIC_INDIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';
/** Elements whose text starts a new line (shaped apart from the text before it). */
const BLOCKS = new Set(['address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'td', 'th', 'tr', 'ul']);
const ZWJ = '\u200D';
/** Text ending with, or starting with, a letter that joins (Arabic script). */
const JOINED = /\p{Script=Arabic}$/u;
const JOINING = /^\p{Script=Arabic}/u;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0' };

function decode(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#([0-9]+)|([a-z]+));/giu, (whole, hex?: string, dec?: string, name?: string) => {
    if (name) return NAMED[name.toLowerCase()] ?? whole;
    const cp = hex ? parseInt(hex, 16) : Number(dec);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
  });
}

/** What pageText reads of a style sheet, found once per sheet (a build has one or two). */
interface SheetFacts {
  bold: Set<string> | undefined;
  /** Selectors of the rules giving lists an Arabic-Indic style. */
  arabicIndicLists: string[];
  generated: string;
  counterAffixes: string;
}
const sheets = new Map<string, SheetFacts>();
function sheetFacts(css: string): SheetFacts {
  let facts = sheets.get(css);
  if (!facts) {
    facts = { bold: boldTags(css), arabicIndicLists: arabicIndicLists(css), generated: generatedText(css), counterAffixes: counterAffixes(css) };
    if (sheets.size >= 8) sheets.clear();
    sheets.set(css, facts);
  }
  return facts;
}

/** Tag names the style sheet sets bold, or undefined when a bold rule names no tag. */
export function boldTags(css: string): Set<string> | undefined {
  const tags = new Set(BOLD_BY_DEFAULT);
  const plain = css.replace(/\/\*[\s\S]*?\*\//gu, '');
  for (const [, selectors, body] of plain.matchAll(/([^{}]+)\{([^{}]*)\}/gu)) {
    if (!/font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b/iu.test(body!) && !/\bfont\s*:[^;]*\b(?:bold|[6-9]00)\b/iu.test(body!)) continue;
    for (const selector of selectors!.split(',')) {
      // The subject: the last compound selector, and its tag name.
      const subject = selector.trim().split(/[\s>+~]+/u).pop() ?? '';
      const tag = /^[a-z][a-z0-9-]*/iu.exec(subject)?.[0];
      if (!tag) return undefined;
      tags.add(tag.toLowerCase());
    }
  }
  return tags;
}

function arabicIndicLists(css: string): string[] {
  const selectors: string[] = [];
  for (const [, list, body] of css.replace(/\/\*[\s\S]*?\*\//gu, '').matchAll(/([^{}]+)\{([^{}]*)\}/gu)) {
    if (/list-style(?:-type)?\s*:[^;]*arabic-indic/iu.test(body!)) selectors.push(...list!.split(',').map((s) => s.trim()));
  }
  return selectors;
}

/**
 * Numbers of the page's ordered lists: decimal always; Arabic-Indic digits when a list style
 * naming them is set on plain `ol` or on a class an `ol` of the page has.
 */
function listNumbers(sheet: SheetFacts, markup: string): string {
  const lists = [...markup.matchAll(/<ol\b([^>]*)>/giu)];
  if (lists.length === 0) return '';
  const classes = new Set(lists.flatMap(([, attributes]) => (/\bclass="([^"]*)"/u.exec(attributes!)?.[1] ?? '').split(/\s+/u)));
  const arabic = sheet.arabicIndicLists.some((s) => /(?:^|[\s>+~])ol\s*$/iu.test(s) || [...s.matchAll(/\.([\w-]+)/gu)].some(([, c]) => classes.has(c!)));
  return DECIMAL_NUMBERS + (arabic ? ARABIC_INDIC_DIGITS : '') + sheet.counterAffixes;
}

/** What the style sheet can show that is not in the markup: quoted `content`. */
function generatedText(css: string): string {
  return [...css.matchAll(/\bcontent\s*:\s*((?:"[^"]*"|'[^']*'|[^;}])*)/giu)].flatMap(([, value]) => [...value!.matchAll(/"([^"]*)"|'([^']*)'/gu)].map((m) => m[1] ?? m[2])).join(' ');
}

/** The prefixes and suffixes of the style sheet's counter styles. */
function counterAffixes(css: string): string {
  return [...css.matchAll(/\b(?:suffix|prefix)\s*:\s*(?:"([^"]*)"|'([^']*)')/giu)].map((m) => m[1] ?? m[2]).join(' ');
}

/** The text the page shows, by weight. `markup` is the page without its style sheet. */
export function pageText(markup: string, css: string): ShownText {
  const sheet = sheetFacts(css);
  const bold = sheet.bold;
  const regular: string[] = [];
  const strong: string[] = [];
  let depth = 0;
  let skip = 0;
  /** Where bold text just ended, when a letter may follow in the same word. */
  let boldEnd: number | undefined;
  for (const [, text, closing, name] of markup.matchAll(/([^<]+)|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)?[^>]*>/gu)) {
    if (text !== undefined) {
      if (skip > 0) continue;
      const shown = decode(text).replace(/[\t\n\r\f]+/gu, ' ');
      // A word going on after bold text: the bold part joins the letter that follows.
      if (boldEnd !== undefined && JOINING.test(shown)) strong[boldEnd] = `${ZWJ}\n`;
      boldEnd = undefined;
      regular.push(shown);
      if (depth > 0 || bold === undefined) strong.push(shown);
      continue;
    }
    const tag = name?.toLowerCase();
    if (!tag) continue;
    const delta = closing ? -1 : 1;
    // Text in these is never set in the page's fonts.
    if (tag === 'style' || tag === 'script' || tag === 'title') skip = Math.max(0, skip + delta);
    else if (bold?.has(tag)) {
      const was = depth;
      depth = Math.max(0, depth + delta);
      if (was === 0 && depth > 0) {
        // Bold text is set in its own face, apart from the text around it; a browser still
        // joins its letters to a word it goes on (the joiner stands for that neighbour).
        strong.push(JOINED.test(regular.at(-1) ?? '') ? `\n${ZWJ}` : '\n');
      } else if (was > 0 && depth === 0) {
        strong.push('\n');
        boldEnd = strong.length - 1;
      }
    }
    if (BLOCKS.has(tag)) {
      // Lines are shaped apart.
      regular.push('\n');
      strong.push('\n');
      boldEnd = undefined;
    }
  }
  // List numbers take their list item's weight: regular, as matn's style sheets leave it.
  const generated = sheet.generated;
  // The page's language: the first `lang`, the root's.
  const language = decode(/\s(?:xml:)?lang="([^"]*)"/iu.exec(markup)?.[1] ?? '');
  return { regular: [regular.join(''), generated, listNumbers(sheet, markup)].join('\n'), bold: [strong.join(''), generated].join('\n'), language };
}
