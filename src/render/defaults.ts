/**
 * What a writer does when nothing is asked, written once: the config schema (and so the CLI's
 * help) and the writers called from the library read these.
 */
export const PAGE_SIZES = ['A4', 'Letter'] as const;
export const DIGITS = ['arabic-indic', 'western'] as const;

export const WRITER_DEFAULTS = {
  pageSize: 'A4',
  digits: 'arabic-indic',
  /** Per-document print time limit, in milliseconds. */
  timeoutMs: 60_000,
} as const satisfies { pageSize: (typeof PAGE_SIZES)[number]; digits: (typeof DIGITS)[number]; timeoutMs: number };
