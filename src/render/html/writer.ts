import { readFileSync } from 'node:fs';
import { fontFiles } from '../fonts.js';
import { defineWriter } from '../writer.js';
import { FONTS_FOLDER, renderHtmlFile } from './render-html.js';

export const htmlWriter = defineWriter({
  format: 'html',
  extension: 'html',
  needsBrowser: false,
  byDefault: true,
  description: 'a standalone right-to-left web page',
  async render(doc, { templates, settings, outBase }) {
    const artifact = await renderHtmlFile(doc, { templates, fonts: settings.fonts ?? 'subset', ...(outBase !== undefined ? { outBase } : {}), ...(settings.toc ? {} : { toc: false }) });
    return { artifact, warnings: [] };
  },
  sharedFiles(settings) {
    return settings.fonts === 'external' ? fontFiles().map((f) => ({ path: `${FONTS_FOLDER}/${f.name}`, data: readFileSync(f.path) })) : [];
  },
});
