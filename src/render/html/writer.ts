import { defineWriter } from '../writer.js';
import { renderHtmlFile } from './render-html.js';
import { imageWarnings } from '../images.js';

export const htmlWriter = defineWriter({
  format: 'html',
  extension: 'html',
  needsBrowser: false,
  byDefault: true,
  description: 'a standalone right-to-left web page',
  async render(doc, { templates, settings }) {
    return { artifact: renderHtmlFile(doc, { templates, ...(settings.toc ? {} : { toc: false }) }), warnings: imageWarnings(doc) };
  },
});
