import { defineWriter } from '../writer.js';
import { renderMarkdownFile } from './render-md.js';

export const markdownWriter = defineWriter({
  format: 'md',
  extension: 'md',
  needsBrowser: false,
  byDefault: false,
  description: 'the recovered structure as Markdown with YAML front matter, an editable source',
  async render(doc) {
    const { text, warnings } = renderMarkdownFile(doc);
    return { artifact: text, warnings };
  },
});
