/**
 * mdast → hast: the standard mdast-util-to-hast, with handlers for matn's own nodes and for
 * numbered lists. Raw HTML in a Markdown source is shown as text, never interpreted.
 */
import type { Root as MdastRoot, List, ListItem, Html, Table } from 'mdast';
import type { Root as HastRoot, Element, ElementContent, Properties } from 'hast';
import { toHast, defaultHandlers, type State, type Handlers } from 'mdast-util-to-hast';
import type { SeeMore, Updated, DateMark, Foreign, NumberRun } from './types.js';

function element(tagName: string, properties: Properties, children: ElementContent[]): Element {
  return { type: 'element', tagName, properties, children };
}

const handlers: Handlers = {
  matnSeeMore(state: State, node: SeeMore): Element {
    return element('aside', { className: ['see-more'] }, state.wrap(state.all(node), true));
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
    // header cells say what they head, for screen readers
    const result = defaultHandlers.table(state, node);
    for (const part of result.children) {
      if (part.type !== 'element' || part.tagName !== 'thead') continue;
      for (const row of part.children) {
        if (row.type !== 'element') continue;
        for (const cell of row.children) if (cell.type === 'element' && cell.tagName === 'th') cell.properties = { ...cell.properties, scope: 'col' };
      }
    }
    return result;
  },
  listItem(state: State, node: ListItem, parent) {
    const result = defaultHandlers.listItem(state, node, parent) as Element;
    if (node.data?.matnValue !== undefined) result.properties = { ...result.properties, value: node.data.matnValue };
    return result;
  },
  html(_state: State, node: Html) {
    return { type: 'text', value: node.value };
  },
};

export function mdastToHast(tree: MdastRoot): HastRoot {
  return toHast(tree, { handlers }) as HastRoot;
}
