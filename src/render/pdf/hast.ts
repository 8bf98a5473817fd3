import type { Element, ElementContent, RootContent } from 'hast';

export function isElement(node: RootContent | ElementContent): node is Element {
  return node.type === 'element';
}
