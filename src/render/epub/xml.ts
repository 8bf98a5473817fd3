/**
 * XML safety for the EPUB: every string that reaches a package, navigation or content document
 * goes through here. XML 1.0 cannot carry some characters a text file can (C0 controls other than
 * tab/LF/CR, U+FFFE/U+FFFF, lone surrogates; not even as character references), so they are
 * replaced with U+FFFD and the replacement is reported, never done silently. The body tree is
 * serialized with hast-util-to-html in settings that give well-formed XHTML; the few things it
 * cannot express in XML (`>` in `]]>`, `<` in an attribute value, a boolean attribute without a
 * value) are marked with noncharacters before serialization and turned into references after.
 */
import type { Root, RootContent, Element, ElementContent, Properties } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { FORBIDDEN_CHARACTERS, hasForbiddenCharacters } from '../../read/sanitize.js';

/**
 * Characters XML 1.0 forbids, plus those it discourages and HTML calls parse errors (DEL and C1
 * controls, noncharacters, lone surrogates): the same class the reader replaces in sources.
 */
const FORBIDDEN = FORBIDDEN_CHARACTERS;

// Markers (noncharacters, which `clean` removes from every input, so they cannot collide).
const LT = '\ufdd0';
const GT = '\ufdd1';
const BOOL = '\ufdd2';

/** Collects what the EPUB writer had to change, for doc.meta.warnings. */
export class XmlCleaner {
  private readonly found = new Map<string, Set<string>>();

  /** The text with every character XML cannot carry replaced by U+FFFD. */
  clean(text: string, where: string): string {
    if (!hasForbiddenCharacters(text)) return text;
    return text.replace(FORBIDDEN, (ch) => {
      let set = this.found.get(where);
      if (!set) this.found.set(where, (set = new Set()));
      set.add(codePoint(ch));
      return '\ufffd';
    });
  }

  /** One warning per place, naming the characters. */
  warnings(): string[] {
    return [...this.found].map(
      ([where, chars]) =>
        `EPUB: ${where} contains characters XML 1.0 cannot carry (${[...chars].join(', ')}); each was replaced with U+FFFD`,
    );
  }
}

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

type Node = Root | RootContent;

/**
 * A copy of the tree that serializes to well-formed XML: characters cleaned, markers placed,
 * `xml:lang` beside every `lang`, comments and raw HTML dropped or shown as text.
 */
function prepare(node: ElementContent, cleaner: XmlCleaner, where: string): ElementContent | undefined;
function prepare(node: Node, cleaner: XmlCleaner, where: string): Node | undefined;
function prepare(node: Node, cleaner: XmlCleaner, where: string): Node | undefined {
  switch (node.type) {
    case 'text':
      return { type: 'text', value: cleaner.clean(node.value, where).replaceAll('>', GT) };
    case 'raw' as string:
      // Never produced by matn's pipeline (raw HTML becomes text); shown as text if it ever is.
      return { type: 'text', value: cleaner.clean((node as { value: string }).value, where).replaceAll('>', GT) };
    case 'comment':
    case 'doctype':
      return undefined;
    case 'root':
      return { type: 'root', children: prepareChildren(node.children, cleaner, where) as RootContent[] };
    case 'element':
      return {
        type: 'element',
        tagName: node.tagName,
        properties: prepareProperties(node.properties, cleaner, where),
        children: prepareChildren(node.children, cleaner, where),
      } satisfies Element;
  }
  return undefined;
}

function prepareChildren(children: ElementContent[] | RootContent[], cleaner: XmlCleaner, where: string): ElementContent[] {
  const out: ElementContent[] = [];
  for (const child of children) {
    const prepared = prepare(child as ElementContent, cleaner, where);
    if (prepared) out.push(prepared);
  }
  return out;
}

function prepareProperties(properties: Properties, cleaner: XmlCleaner, where: string): Properties {
  const out: Properties = {};
  const value = (v: string) => cleaner.clean(v, where).replaceAll('<', LT);
  for (const [key, v] of Object.entries(properties)) {
    if (v === true) out[key] = key.toLowerCase() + BOOL;
    else if (typeof v === 'string') out[key] = value(v);
    else if (Array.isArray(v)) out[key] = v.map((item) => (typeof item === 'string' ? value(item) : item));
    else out[key] = v;
  }
  if (typeof out.lang === 'string' && out.xmlLang === undefined) out.xmlLang = out.lang;
  return out;
}

/** Serializes hast nodes as XHTML (well-formed XML, HTML namespace implied by the template). */
export function toXhtml(nodes: RootContent[], cleaner: XmlCleaner, where: string): string {
  const tree = prepare({ type: 'root', children: nodes }, cleaner, where) as Root;
  return toHtml(tree, {
    space: 'html',
    closeSelfClosing: true,
    tightSelfClosing: false,
    closeEmptyElements: false,
    allowDangerousCharacters: false,
    allowDangerousHtml: false,
    allowParseErrors: false,
    omitOptionalTags: false,
    collapseEmptyAttributes: false,
    preferUnquoted: false,
    quoteSmart: false,
    quote: '"',
  })
    .replaceAll(LT, '&lt;')
    .replaceAll(GT, '&gt;')
    .replaceAll(BOOL, '');
}

/** Percent-encodes what may not stand in a URL fragment; Arabic letters stay readable. */
export function fragment(id: string): string {
  return id.replace(/[\u0000-\u0020"#%<>?[\\\]^`{|}\u007f]/gu, (ch) => encodeURIComponent(ch));
}
