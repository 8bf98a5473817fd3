import { describe, expect, it } from 'vitest';
import type { Parent, Node } from 'unist';
import { eachNode } from '../../src/tree/walk.js';

const tree: Parent = {
  type: 'root',
  children: [
    { type: 'heading', children: [{ type: 'text', value: 'a' }] } as Parent,
    { type: 'list', children: [{ type: 'listItem', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'b' }] } as Parent] } as Parent] } as Parent,
    { type: 'text', value: 'c' } as Node,
  ],
};

describe('eachNode', () => {
  it('visits every node below the root, depth first, in document order, with its parent', () => {
    const seen: string[] = [];
    eachNode(tree, (node, parent) => void seen.push(`${parent.type}>${node.type}`));
    expect(seen).toEqual(['root>heading', 'heading>text', 'root>list', 'list>listItem', 'listItem>paragraph', 'paragraph>text', 'root>text']);
  });

  it('does not enter a node whose visitor returned false', () => {
    const seen: string[] = [];
    eachNode(tree, (node) => {
      seen.push(node.type);
      return node.type !== 'list';
    });
    expect(seen).toEqual(['heading', 'text', 'list', 'text']);
  });
});
