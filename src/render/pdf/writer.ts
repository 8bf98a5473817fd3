/**
 * The PDF writer's registry entry. Puppeteer and pdf-lib load with the printer, which the build
 * launches on first use, so this module imports nothing heavy.
 */
import { defineWriter } from '../writer.js';
import { imageWarnings } from '../images.js';
import { documentFonts } from '../font-choice.js';

export const pdfWriter = defineWriter({
  format: 'pdf',
  extension: 'pdf',
  needsBrowser: true,
  byDefault: true,
  description: 'a print PDF, through Chromium',
  async render(doc, { templates, settings, sourceDateEpoch, printer }) {
    const fonts = await documentFonts(doc);
    const bytes = await (await printer()).print(doc, {
      templates,
      pageSize: settings.pageSize,
      digits: settings.digits,
      toc: settings.pdfToc,
      pdfUa: settings.pdfUa !== false,
      runningHead: settings.runningHead,
      timeoutMs: settings.timeoutMs,
      ...(sourceDateEpoch !== undefined ? { sourceDateEpoch } : {}),
    });
    return { artifact: bytes, warnings: [...imageWarnings(doc), ...fonts.warnings] };
  },
});
