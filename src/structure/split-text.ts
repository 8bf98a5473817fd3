/**
 * Replace text nodes by a run of phrasing nodes, for the inline plugins (dates, foreign
 * phrases, numbers). Text inside the given node types is left alone, so inline marks never nest.
 */
import type { Root, Text, PhrasingContent, Parent, RootContent } from 'mdast';

export function splitText(tree: Root, split: (node: Text) => PhrasingContent[] | undefined, skip: Set<string>): void {
  const walk = (parent: Parent): void => {
    const children = parent.children as RootContent[];
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (child.type === 'text') {
        const parts = split(child);
        if (parts) {
          children.splice(i, 1, ...parts);
          i += parts.length - 1;
        }
      } else if ('children' in child && !skip.has(child.type)) {
        walk(child as Parent);
      }
      // a table's caption is text of the document too
      if (child.type === 'table' && child.data?.matnCaption) walk({ type: 'paragraph', children: child.data.matnCaption.children });
    }
  };
  walk(tree);
}
