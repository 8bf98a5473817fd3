import { defineWriter } from '../writer.js';
import { renderHtmlFile } from './render-html.js';
import { imageWarnings } from '../images.js';
import { documentFonts } from '../font-choice.js';

export const htmlWriter = defineWriter({
  format: 'html',
  extension: 'html',
  needsBrowser: false,
  byDefault: true,
  description: 'a standalone right-to-left web page',
  async render(doc, { templates, settings }) {
    const fonts = await documentFonts(doc);
    return { artifact: renderHtmlFile(doc, { templates, fonts: fonts.files, ...(settings.toc ? {} : { toc: false }) }), warnings: [...imageWarnings(doc), ...fonts.warnings] };
  },
});
