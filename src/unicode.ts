/**
 * Character classes of invisible formatting characters, defined once. Each is the inside of a
 * regular-expression class (`[${BIDI_CONTROLS}]`), so a caller composes the set it needs.
 */

/** Bidi isolates: LRI, RLI, FSI and their closing PDI. */
export const ISOLATES = '\\u2066-\\u2069';

/** Bidi embeddings and overrides: LRE, RLE, PDF, LRO, RLO. */
export const EMBEDDINGS = '\\u202a-\\u202e';

/** Every bidi control: the marks ALM, LRM and RLM, embeddings, overrides and isolates. */
export const BIDI_CONTROLS = `\\u061c\\u200e\\u200f${EMBEDDINGS}${ISOLATES}`;

/** Invisible characters with no effect but to break or mark a text: zero-width space, BOM. */
export const ZERO_WIDTH = '\\u200b\\ufeff';

/** Zero-width non-joiner and joiner: they change how Arabic letters join, so text keeps them. */
export const JOINERS = '\\u200c\\u200d';

/** Every invisible formatting character: what a comparison of words or a file name leaves out. */
export const INVISIBLE = `${BIDI_CONTROLS}${ZERO_WIDTH}${JOINERS}`;
