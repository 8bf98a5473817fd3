import { defineWriter } from '../writer.js';

// remark-stringify and its GFM and front-matter extensions load when a Markdown file is first
// written, not with every build (most builds write no Markdown).

export const markdownWriter = defineWriter({
  format: 'md',
  extension: 'md',
  needsBrowser: false,
  byDefault: false,
  description: 'the recovered structure as Markdown with YAML front matter, an editable source',
  async render(doc) {
    const { renderMarkdownFile } = await import('./render-md.js');
    const { text, warnings } = renderMarkdownFile(doc);
    return { artifact: text, warnings };
  },
});
