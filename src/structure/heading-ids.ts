/**
 * remark plugin: a readable, stable id for every heading, from its Arabic text, as rehype-slug
 * does with github-slugger ("تعزيز-التعاون-الدولي"). Diacritics and tatweel are left out so the
 * id is what a reader would type; repeats get "-1", "-2". The ids are set on the syntax tree, so
 * the HTML, the PDF bookmarks and the EPUB navigation all link to the same anchors.
 */
import type { Root, RootContent } from 'mdast';
import type { Plugin } from 'unified';
import GithubSlugger from 'github-slugger';
import { eachNode } from '../tree/walk.js';
import { textOf } from './lines.js';

export interface HeadingIdsOptions {
  /** Put in front of every id (useful when several documents share one page). */
  prefix?: string;
}

export function slugText(text: string): string {
  return text.replace(/[\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069]/gu, '');
}

export const headingIds: Plugin<[HeadingIdsOptions?], Root> = (options = {}) => (tree) => {
  const slugger = new GithubSlugger();
  const prefix = options.prefix ?? '';
  eachNode<RootContent>(tree, (node) => {
    // a paragraph holds phrasing content only: no heading below it
    if (node.type !== 'heading') return node.type !== 'paragraph';
    let id = prefix + slugger.slug(slugText(textOf(node)));
    if (id === prefix) id = prefix + slugger.slug('section');
    node.data ??= {};
    node.data.id = id;
    node.data.hProperties = { ...(node.data.hProperties ?? {}), id };
    return false;
  });
};
