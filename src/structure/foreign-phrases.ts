/**
 * remark plugin: runs of Latin script inside Arabic text ("Opération Chammal", "Firefox OS",
 * "www.mozilla.org") become `matnForeign` nodes: marked with their language (guessed French or
 * English, or fixed by the `lang` option) and isolated left-to-right so they never scramble the
 * sentence around them. URLs, e-mail addresses and domain names get no language, only isolation.
 * A run glued to an Arabic letter ("وmozilla.org") is isolated with the invisible Unicode
 * controls LRI…PDI instead: an element boundary inside a word would split the word for
 * searchers and screen readers, and without isolation the run would read "org.mozilla".
 */
import type { Root, RootContent, Text, PhrasingContent } from 'mdast';
import type { Plugin } from 'unified';
import type { Foreign } from '../tree/types.js';
import { splitText } from './split-text.js';
import { allMatches } from './lines.js';
import { eachNode } from '../tree/walk.js';
import { toString } from 'mdast-util-to-string';

const L = 'A-Za-z\\u00c0-\\u024f\\u1e00-\\u1eff';
const WORD = `[${L}](?:[${L}0-9'’&@_+#]|[./:\\-](?=[${L}0-9]))*`;
const TOKEN = `(?:${WORD}|[0-9]+(?:[.,:/\\-][0-9]+)*)`;
/** A Latin word, then more Latin words or numbers separated by spaces. Starts with a letter. */
export const LATIN_RUN = new RegExp(
  `(?<![A-Za-z\\u00c0-\\u024f0-9_])(?:https?://\\S+[^\\s.,;:!?،؛)\\]]|${WORD}(?:[ \\u00a0]+${TOKEN})*)(?![A-Za-z\\u00c0-\\u024f0-9_])`,
  'gu',
);

/** Every run starts with one: texts without any are skipped before the long pattern runs. */
const LATIN_LETTER = /[A-Za-z\u00c0-\u024f\u1e00-\u1eff]/u;

/** A letter, digit or mark of any script: a run next to one is glued inside a word. */
const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;
/** Unicode's left-to-right isolate and its closing pop: invisible, and no element boundary in the word. */
export const LRI = '\u2066';
export const PDI = '\u2069';

const FRENCH_MARKS = /[éèêëàâîïôûùüçœæÉÈÊÀÂÎÔÛÇŒ]/u;
const FRENCH_WORDS = new Set(['de', 'la', 'le', 'les', 'des', 'du', 'et', 'en', 'pour', 'sur', 'au', 'aux', 'une', 'un', 'dans', 'par', 'avec', 'est', 'opération', 'ministère', 'affaires', 'étrangères']);
const ENGLISH_WORDS = new Set(['the', 'of', 'and', 'to', 'in', 'for', 'on', 'with', 'is', 'by', 'at', 'from']);

export type ForeignLang = 'guess' | string;

export interface ForeignPhrasesOptions {
  /** "guess" (French or English, from the words), or a fixed language tag for every run. */
  lang?: ForeignLang;
  /** The language a guess falls back to. */
  fallback?: string;
}

function isAddress(run: string): boolean {
  return /^https?:\/\//.test(run) || /@/.test(run) || /^(www\.)?[\w-]+(\.[\w-]+)+(\/\S*)?$/.test(run);
}

export function guessLanguage(run: string, fallback = 'en'): string {
  const words = run.toLowerCase().split(/[\s'’]+/u);
  let fr = FRENCH_MARKS.test(run) ? 2 : 0;
  let en = 0;
  for (const w of words) {
    if (FRENCH_WORDS.has(w)) fr++;
    if (ENGLISH_WORDS.has(w)) en++;
  }
  if (fr > en) return 'fr';
  if (en > fr) return 'en';
  return fallback;
}

export const foreignPhrases: Plugin<[ForeignPhrasesOptions?], Root> = (options = {}) => {
  const mode = options.lang ?? 'guess';
  const fallback = options.fallback ?? 'en';
  const langOf = (run: string) => (isAddress(run) ? undefined : mode === 'guess' ? guessLanguage(run, fallback) : mode);
  return (tree) => {
    // A block written wholly in Latin script (an address, a caption) is one left-to-right run.
    eachNode<RootContent>(tree, (node) => {
      if (node.type !== 'paragraph' && node.type !== 'heading') return true;
      const text = toString(node);
      // the Arabic letter is met first in an Arabic block, a Latin one may be searched for to its end
      if (/[\u0600-\u06ff]/u.test(text) || !/[A-Za-z]/u.test(text)) return false;
      const foreign: Foreign = { type: 'matnForeign', lang: langOf(text.trim()), children: node.children };
      node.children = [foreign];
      return false;
    });
    splitText(tree, (node: Text): PhrasingContent[] | undefined => {
      const value = node.value;
      if (!LATIN_LETTER.test(value)) return undefined;
      const parts: PhrasingContent[] = [];
      let at = 0;
      for (const m of allMatches(LATIN_RUN, value)) {
        const run = m[0];
        const start = m.index!;
        const before = String.fromCodePoint(start > 0 ? (value.codePointAt(start - (start > 1 && /[\udc00-\udfff]/u.test(value[start - 1]!) ? 2 : 1)) ?? 32) : 32);
        const after = String.fromCodePoint(value.codePointAt(start + run.length) ?? 32);
        const glued = WORD_CHAR.test(before) || WORD_CHAR.test(after);
        if (glued) {
          // "وmozilla.org": isolate with invisible controls, so the word stays one word.
          parts.push({ type: 'text', value: `${value.slice(at, start)}${LRI}${run}${PDI}` });
          at = start + run.length;
          continue;
        }
        if (start > at) parts.push({ type: 'text', value: value.slice(at, start) });
        const foreign: Foreign = { type: 'matnForeign', lang: langOf(run), children: [{ type: 'text', value: run }] };
        parts.push(foreign);
        at = start + run.length;
      }
      if (parts.length === 0) return undefined;
      if (at < value.length) parts.push({ type: 'text', value: value.slice(at) });
      return parts;
    }, new Set(['matnForeign', 'matnDate', 'matnNumber', 'link', 'inlineCode', 'code']));
  };
};
