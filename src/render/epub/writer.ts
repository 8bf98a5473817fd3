import { defineWriter } from '../writer.js';
import { renderEpubFile } from './render-epub.js';

export const epubWriter = defineWriter({
  format: 'epub',
  extension: 'epub',
  needsBrowser: false,
  byDefault: true,
  description: 'an EPUB 3 e-book',
  async render(doc, { templates, settings, sourceDateEpoch }) {
    const { file, warnings } = await renderEpubFile(doc, { templates, digits: settings.digits, fonts: settings.fonts ?? 'subset', ...(settings.accessibility ? { accessibility: settings.accessibility } : {}), ...(sourceDateEpoch !== undefined ? { sourceDateEpoch } : {}) });
    return { artifact: file, warnings };
  },
});
