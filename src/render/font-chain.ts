/**
 * The bundled font chain: the families a character looks in for its glyph, in order, each
 * installed from npm (@fontsource). Amiri sets the text; the others give a glyph to what it lacks:
 * the letters of other scripts met in Arabic documents, and symbols. The order here is the order
 * of the CSS stack in templates/common/typography.css (a test keeps the two the same), and the
 * order in which a document's fonts are chosen (font-choice.ts).
 *
 * Amiri is always embedded whole; a fallback family's files only when the document has a
 * character that it is the first to have (CJK families come in ~120 files per weight, each a
 * slice of the character set, so a few Korean words bring a few slices).
 */
export interface ChainFamily {
  /** The CSS font-family name (fontsource's). */
  family: string;
  /** The npm package the files come from. */
  package: string;
  /** fontsource subsets to take, or 'chunks' for every numbered slice of a CJK family. */
  subsets: string[] | 'chunks';
  weights: number[];
  /** Only these characters are looked for in the family (intersected with each file's unicode-range). */
  only?: string;
  /** A unicode-range to use instead of fontsource's (which may understate what the file has). */
  range?: string;
  /** What the family is there for (README). */
  covers: string;
}

export const FONT_CHAIN: readonly ChainFamily[] = [
  {
    family: 'Amiri',
    package: '@fontsource/amiri',
    subsets: ['arabic', 'latin', 'latin-ext'],
    weights: [400, 700],
    covers: 'Arabic, Persian and Urdu letters, Latin',
  },
  {
    family: 'Noto Naskh Arabic',
    package: '@fontsource/noto-naskh-arabic',
    subsets: ['arabic'],
    weights: [400, 700],
    covers: 'the Arabic-script letters Amiri lacks (Arabic Extended-A and -B)',
  },
  {
    family: 'Noto Serif',
    package: '@fontsource/noto-serif',
    subsets: ['latin', 'latin-ext', 'vietnamese', 'greek', 'greek-ext', 'cyrillic', 'cyrillic-ext'],
    weights: [400, 700],
    covers: 'Greek, Cyrillic, and the Latin letters Amiri lacks (Vietnamese…)',
  },
  {
    family: 'Noto Sans Hebrew',
    package: '@fontsource/noto-sans-hebrew',
    subsets: ['hebrew'],
    weights: [400, 700],
    covers: 'Hebrew',
  },
  {
    family: 'Noto Sans Math',
    package: '@fontsource/noto-sans-math',
    subsets: ['latin'],
    weights: [400],
    // fontsource calls the one file "latin", but it holds the whole font.
    range: 'U+2100-2BFF,U+1D400-1D7FF',
    covers: 'mathematical operators, arrows, mathematical letters',
  },
  {
    family: 'Noto Sans Symbols 2',
    package: '@fontsource/noto-sans-symbols-2',
    subsets: ['symbols', 'braille'],
    weights: [400],
    covers: 'symbols (✓ ☑ ★ …), geometric shapes, Braille',
  },
  {
    family: 'Noto Serif JP',
    package: '@fontsource/noto-serif-jp',
    subsets: 'chunks',
    weights: [400, 700],
    // Kana only: Han characters are set by one face (Noto Serif SC) whatever the language.
    only: 'U+3040-30FF,U+31F0-31FF,U+FF65-FF9F',
    covers: 'Japanese kana',
  },
  {
    family: 'Noto Serif KR',
    package: '@fontsource/noto-serif-kr',
    subsets: 'chunks',
    weights: [400, 700],
    only: 'U+1100-11FF,U+3130-318F,U+A960-A97F,U+AC00-D7FF',
    covers: 'Korean Hangul',
  },
  {
    family: 'Noto Serif SC',
    package: '@fontsource/noto-serif-sc',
    subsets: 'chunks',
    weights: [400, 700],
    covers: 'Chinese (and the Han characters of Japanese and Korean), CJK punctuation',
  },
];

/** The text face, which every output embeds whole. */
export const PRIMARY_FAMILY = FONT_CHAIN[0]!.family;
