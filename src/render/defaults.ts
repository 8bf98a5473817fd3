/**
 * What a writer does when nothing is asked, written once: the config schema (and so the CLI's
 * help) and the writers called from the library read these.
 */
export const PAGE_SIZES = ['A4', 'Letter'] as const;
export const DIGITS = ['arabic-indic', 'western'] as const;
/**
 * How HTML pages and EPUBs carry their fonts: cut down to each document (`subset`), whole
 * (`full`), or (HTML) linked from one `fonts/` folder in the output folder (`external`; an EPUB
 * must hold its fonts, so it packs them whole).
 */
export const FONT_MODES = ['subset', 'full', 'external'] as const;

export const WRITER_DEFAULTS = {
  pageSize: 'A4',
  digits: 'arabic-indic',
  fonts: 'subset',
  /** Per-document print time limit, in milliseconds. */
  timeoutMs: 60_000,
} as const satisfies { pageSize: (typeof PAGE_SIZES)[number]; digits: (typeof DIGITS)[number]; fonts: (typeof FONT_MODES)[number]; timeoutMs: number };
