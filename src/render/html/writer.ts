import { readFileSync } from 'node:fs';
import { primaryFonts } from '../fonts.js';
import { defineWriter } from '../writer.js';
import { FONTS_FOLDER, renderHtmlFile } from './render-html.js';
import { imageWarnings } from '../images.js';
import { documentFonts } from '../font-choice.js';

export const htmlWriter = defineWriter({
  format: 'html',
  extension: 'html',
  needsBrowser: false,
  byDefault: true,
  description: 'a standalone right-to-left web page',
  async render(doc, { templates, settings, outBase }) {
    const fonts = await documentFonts(doc);
    const artifact = await renderHtmlFile(doc, { templates, fonts: settings.fonts ?? 'subset', fontFiles: fonts.files, digits: settings.digits, ...(outBase !== undefined ? { outBase } : {}), ...(settings.toc ? {} : { toc: false }) });
    return { artifact, warnings: [...imageWarnings(doc), ...fonts.warnings] };
  },
  sharedFiles(settings) {
    // the text face's files, which every page links; the fallbacks a page needs are in the page
    return settings.fonts === 'external' ? primaryFonts().map((f) => ({ path: `${FONTS_FOLDER}/${f.name}`, data: readFileSync(f.path) })) : [];
  },
});
