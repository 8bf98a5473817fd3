/**
 * mdast → hast: the standard mdast-util-to-hast, with handlers for matn's own nodes, numbered
 * lists and GFM (tables with header scopes and alignment classes, task items as marks rather
 * than live checkboxes, footnotes as a notes section linked both ways). Raw HTML in a Markdown
 * source is parsed and then sanitized with a strict schema (tree/sanitize.ts): never run.
 */
import type { Root as MdastRoot, List, ListItem, Paragraph, Table } from 'mdast';
import type { Root as HastRoot, RootContent, Element, ElementContent, Properties } from 'hast';
import { toHast, defaultHandlers, type State, type Handlers } from 'mdast-util-to-hast';
import { hasRaw, rawAndSanitize } from './sanitize.js';
import type { SeeMore, Updated, DateMark, Foreign, NumberRun } from './types.js';

function element(tagName: string, properties: Properties, children: ElementContent[]): Element {
  return { type: 'element', tagName, properties, children };
}

const handlers: Handlers = {
  matnSeeMore(state: State, node: SeeMore): Element {
    return element('aside', { className: ['see-more'], role: 'note' }, state.wrap(state.all(node), true));
  },
  matnUpdated(state: State, node: Updated): Element {
    return element('p', { className: ['updated'] }, state.all(node));
  },
  matnDate(state: State, node: DateMark): Element {
    return element('time', { dateTime: node.datetime }, state.all(node));
  },
  matnForeign(state: State, node: Foreign): Element {
    const properties: Properties = node.lang ? { lang: node.lang, dir: 'ltr' } : { dir: 'ltr', translate: 'no' };
    return element('span', properties, state.all(node));
  },
  matnNumber(state: State, node: NumberRun): Element {
    return element('span', { className: ['num'], dir: 'ltr' }, state.all(node));
  },
  list(state: State, node: List) {
    const result = defaultHandlers.list(state, node);
    const style = node.data?.matnStyle;
    if (node.ordered && style) {
      const classes = [`marker-${style}`];
      if (node.children.some((item) => item.data?.matnMarkerInText)) classes.push('labelled');
      result.properties = { ...result.properties, className: classes };
    }
    return result;
  },
  table(state: State, node: Table) {
    // header cells say what they head, for screen readers; alignment is a class (align is obsolete)
    const result = defaultHandlers.table(state, node);
    for (const part of result.children) {
      if (part.type !== 'element') continue;
      for (const row of part.children) {
        if (row.type !== 'element') continue;
        for (const cell of row.children) {
          if (cell.type !== 'element') continue;
          const { align, ...rest } = cell.properties;
          cell.properties = rest;
          if (typeof align === 'string') cell.properties.className = [`align-${align}`];
          if (part.tagName === 'thead' && cell.tagName === 'th') cell.properties.scope = 'col';
        }
      }
    }
    const caption = node.data?.matnCaption;
    if (caption) result.children.unshift(element('caption', {}, state.all({ type: 'paragraph', children: caption.children })));
    return result;
  },
  paragraph(state: State, node: Paragraph) {
    return figure(defaultHandlers.paragraph(state, node));
  },
  listItem(state: State, node: ListItem, parent) {
    const result = defaultHandlers.listItem(state, node, parent) as Element;
    if (node.data?.matnValue !== undefined) result.properties = { ...result.properties, value: node.data.matnValue };
    if (typeof node.checked === 'boolean') taskMark(result, node.checked);
    return result;
  },
};

/**
 * A paragraph that is one image with a title (`![alt](src "title")`, or a saved page's figure
 * with its caption) becomes a figure with that caption, in every output.
 */
function figure(paragraph: Element): Element {
  const content = paragraph.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
  const img = content.length === 1 && content[0]!.type === 'element' && content[0]!.tagName === 'img' ? content[0]! : undefined;
  const caption = typeof img?.properties.title === 'string' ? img.properties.title.trim() : '';
  if (!img || !caption) return paragraph;
  const { title: _title, ...properties } = img.properties;
  return element('figure', {}, [{ ...img, properties }, element('figcaption', {}, [{ type: 'text', value: caption }])]);
}

/** A task item's checkbox becomes a mark with its state in words: nothing to tick, nothing lost to a screen reader. */
function taskMark(item: Element, checked: boolean): void {
  const replace = (children: ElementContent[]): boolean => {
    const at = children.findIndex((c) => c.type === 'element' && c.tagName === 'input');
    if (at !== -1) {
      const mark = element('span', { className: ['task', checked ? 'task-done' : 'task-open'], role: 'img', ariaLabel: checked ? 'منجز' : 'غير منجز' }, [{ type: 'text', value: checked ? '☑' : '☐' }]);
      children.splice(at, 1, mark);
      return true;
    }
    return children.some((c) => c.type === 'element' && c.tagName === 'p' && replace(c.children));
  };
  replace(item.children);
}

/** Footnote labels and back links, in Arabic. */
const footnoteOptions = {
  clobberPrefix: '',
  footnoteLabel: 'الحواشي',
  footnoteLabelTagName: 'h2',
  footnoteLabelProperties: { className: ['footnotes-title'] },
  footnoteBackLabel: (index: number, rereference: number) => `العودة إلى موضع الحاشية ${index + 1}${rereference > 1 ? ` (${rereference})` : ''}`,
};

export function mdastToHast(tree: MdastRoot): HastRoot {
  const hast = toHast(tree, { handlers, allowDangerousHtml: true, ...footnoteOptions }) as HastRoot;
  const clean = hasRaw(hast) ? rawAndSanitize(hast) : hast;
  numberFootnotes(clean);
  return clean;
}

/**
 * Footnote anchors named by their number ("fn-2", "fnref-2"), not by the source's label, which
 * mdast-util-to-hast percent-encodes ("fn-%D8%AE…"): readable, and the same in every output.
 */
function numberFootnotes(tree: HastRoot): void {
  const section = tree.children.find((n): n is Element => n.type === 'element' && n.properties.dataFootnotes !== undefined);
  if (!section) return;
  const names = new Map<string, string>();
  const list = section.children.find((n): n is Element => n.type === 'element' && n.tagName === 'ol');
  list?.children.forEach((item) => {
    if (item.type === 'element' && typeof item.properties.id === 'string') names.set(item.properties.id.slice(3), String(names.size + 1));
  });
  const rename = (value: string, prefix: string): string => {
    const rest = value.slice(prefix.length);
    for (const [label, n] of names) {
      if (rest === label) return prefix + n;
      if (rest.startsWith(`${label}-`) && /^\d+$/u.test(rest.slice(label.length + 1))) return `${prefix}${n}${rest.slice(label.length)}`;
    }
    return value;
  };
  const visit = (node: HastRoot | RootContent): void => {
    if (node.type === 'element') {
      const { id, href } = node.properties;
      if (typeof id === 'string') {
        if (id.startsWith('fnref-')) node.properties.id = rename(id, 'fnref-');
        else if (id.startsWith('fn-')) node.properties.id = rename(id, 'fn-');
      }
      if (typeof href === 'string') {
        if (href.startsWith('#fnref-')) node.properties.href = `#${rename(href.slice(1), 'fnref-')}`;
        else if (href.startsWith('#fn-')) node.properties.href = `#${rename(href.slice(1), 'fn-')}`;
      }
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree);
}
