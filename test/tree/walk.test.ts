import { describe, expect, it } from 'vitest';
import type { Root } from 'mdast';
import type { Parent } from 'unist';
import { eachNode } from '../../src/tree/walk.js';

const root: Root = {
  type: 'root',
  children: [
    { type: 'heading', depth: 2, children: [{ type: 'text', value: 'a' }] },
    { type: 'list', children: [{ type: 'listItem', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'b' }] }] }] },
    { type: 'thematicBreak' },
  ],
};
const tree = root as Parent;

describe('eachNode', () => {
  it('visits every node below the root, depth first, in document order, with its parent', () => {
    const seen: string[] = [];
    eachNode(tree, (node, parent) => void seen.push(`${parent.type}>${node.type}`));
    expect(seen).toEqual(['root>heading', 'heading>text', 'root>list', 'list>listItem', 'listItem>paragraph', 'paragraph>text', 'root>thematicBreak']);
  });

  it('does not enter a node whose visitor returned false', () => {
    const seen: string[] = [];
    eachNode(tree, (node) => {
      seen.push(node.type);
      return node.type !== 'list';
    });
    expect(seen).toEqual(['heading', 'text', 'list', 'thematicBreak']);
  });
});
