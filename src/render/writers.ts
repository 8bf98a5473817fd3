/**
 * The writer registry: every output format matn can build, in the order builds report them.
 * Adding a format is one folder under render/ and one line here.
 */
import { htmlWriter } from './html/writer.js';
import { pdfWriter } from './pdf/writer.js';
import { epubWriter } from './epub/writer.js';
import { markdownWriter } from './md/writer.js';

export const WRITERS = [htmlWriter, pdfWriter, epubWriter, markdownWriter] as const;

export type Format = (typeof WRITERS)[number]['format'];

/** Every format name, for the config schema and the CLI. */
export const FORMATS = WRITERS.map((w) => w.format) as [Format, ...Format[]];

/** The formats built when none is asked for. */
export const DEFAULT_FORMATS = WRITERS.filter((w) => w.byDefault).map((w) => w.format) as [Format, ...Format[]];

export function writerFor(format: Format) {
  return WRITERS.find((w) => w.format === format)!;
}
