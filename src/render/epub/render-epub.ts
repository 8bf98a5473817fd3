/**
 * The EPUB 3 writer. From the recovered tree it makes one XHTML content document per top-level
 * section (the title and introduction first), a navigation document with a nested table of
 * contents and landmarks, an SVG cover with the title set in Amiri, a stylesheet with the Amiri
 * faces and the fallback faces the document's text needs (font-choice.ts), and a package document with accessibility metadata; all from the Handlebars
 * templates in `templates/epub/`, which a user's template folder can override. The zip is
 * reproducible: the same document and SOURCE_DATE_EPOCH give the same bytes.
 *
 * Layout inside the container, in this order (what every EPUB shares first, see package.ts):
 *   mimetype, META-INF/container.xml, EPUB/styles/matn.css, EPUB/fonts/*.ttf,
 *   EPUB/package.opf, EPUB/nav.xhtml, EPUB/cover.xhtml, EPUB/text/part-NN.xhtml,
 *   EPUB/images/cover.svg, EPUB/images/image-N.* (the document's images, src/render/images.ts)
 *
 * The fonts are OpenType with TrueType outlines (font/ttf, a core media type of EPUB 3.3 that
 * reading systems older than WOFF2 support): the document's (the text face, and the fallbacks its
 * characters need, font-choice.ts), by default cut down to the characters of the book and the
 * glyphs they shape into (font-subset.ts), each file only when the book uses it. With
 * `fonts: 'full'` or `'external'` the whole faces are packed: an EPUB must hold its fonts.
 */
import type { MatnDocument } from '../../pipeline.js';
import type { OutlineEntry } from '../../tree/outline.js';
import { fontFaceRule, unpackedFont, type FontFile } from '../fonts.js';
import { documentFonts } from '../font-choice.js';
import { subsetFonts } from '../font-subset.js';
import { pageText } from '../page-text.js';
import type { FONT_MODES } from '../defaults.js';
import { TemplateSet } from '../templates.js';
import { VERSION } from '../../version.js';
import { XmlCleaner, toXhtml, fragment } from './xml.js';
import { splitSections, idIndex, adaptNodes, popUpNotes, type Section } from './sections.js';
import { coverSvg } from './cover.js';
import { arabicDate, dcDate, parseIsoDate, publicationId, sourceDateEpoch, w3cdtf } from './metadata.js';
import { SharedEntries, zipEpub, type ZipEntry } from './package.js';
import { joinedBytes, type EncodedArtifact } from '../encoded.js';
import type { Digits } from '../../dates.js';
import type { AccessibilityClaim } from '../writer.js';
import { hasImages } from '../images.js';
import { IMAGES_DIR, packImages, undescribedImages } from './images.js';

export interface EpubOptions {
  templates?: TemplateSet;
  /**
   * SOURCE_DATE_EPOCH, in seconds (default: the SOURCE_DATE_EPOCH environment variable): the time
   * of every zip entry, and dcterms:modified when the document gives no date (its update date or
   * front-matter date wins). Without either, zip entries carry the document's date, and only an
   * undated document falls back to the build time (and is then not reproducible).
   */
  sourceDateEpoch?: number;
  /** Digits of the cover's date when matn writes it from an ISO date (default Western). */
  digits?: Digits;
  /** The conformance claim and its evaluator, as the user's config makes them; none by default. */
  accessibility?: AccessibilityClaim;
  /** Fonts cut down to the book (`subset`, the default) or whole (`full`, `external`). */
  fonts?: (typeof FONT_MODES)[number];
  /** The font files to draw from (default: the document's, from font-choice.ts, whose warning is then returned). */
  fontFiles?: FontFile[];
}

const ROOT = 'EPUB';
const CSS_PATH = 'styles/matn.css';
const COVER_IMAGE = `${IMAGES_DIR}/cover.svg`;
const COVER_PAGE = 'cover.xhtml';
const NAV = 'nav.xhtml';

const CONTAINER = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="${ROOT}/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
`;

let defaultTemplates: TemplateSet | undefined;

interface Font {
  /** The face, its unicode-range narrowed to the subset's characters when cut down. */
  file: FontFile;
  /** File name below fonts/. */
  name: string;
  /** OpenType (TrueType outlines). */
  bytes: Uint8Array;
}

function ttfName(file: FontFile): string {
  return file.name.replace(/\.woff2$/u, '.ttf');
}

/** Whole faces as OpenType (unpackedFont unpacks each once per process). */
function wholeFontData(files: FontFile[]): Promise<Font[]> {
  return Promise.all(files.map(async (file) => ({ file, name: ttfName(file), bytes: await unpackedFont(file) })));
}

/**
 * EPUB 3 forbids the `direction` and `unicode-bidi` properties in style sheets (direction is set
 * with `dir` attributes, which also isolate: HTML's user-agent style sheet gives every `[dir]`
 * element `unicode-bidi: isolate`). The shared typography uses one for the screen; it is left out
 * here (the rule stays, empty).
 */
export function epubSafeCss(css: string): string {
  return css.replace(/(^|[{;\s])(?:unicode-bidi|direction)\s*:[^;}]*;?/gu, '$1');
}

const stylesheets = new WeakMap<TemplateSet, Map<string, string>>();
const STYLESHEETS_KEPT = 64;

/** The stylesheet with @font-face rules for these fonts (a few kept per template set). */
function stylesheet(templates: TemplateSet, fonts: Font[]): string {
  const fontFaces = fonts.map((f) => fontFaceRule(f.file, `../fonts/${f.name}`, 'truetype')).join('\n');
  let byFonts = stylesheets.get(templates);
  if (!byFonts) stylesheets.set(templates, (byFonts = new Map()));
  let css = byFonts.get(fontFaces);
  if (css === undefined) {
    css = templates.render('epub/style.css.hbs', { fontFaces, typography: epubSafeCss(templates.read('common/typography.css')) });
    if (byFonts.size >= STYLESHEETS_KEPT) byFonts.delete(byFonts.keys().next().value!);
    byFonts.set(fontFaces, css);
  }
  return css;
}

/** The stylesheet without its @font-face rules: what it can make bold or generate. */
function stylesheetRules(templates: TemplateSet): string {
  return stylesheet(templates, []);
}

interface TocEntry {
  href: string;
  text: string;
  children: TocEntry[];
}

/** The outline as links; an entry whose heading is not in the body gives its place to its children. */
function tocEntries(entries: OutlineEntry[], ids: Map<string, Section>, clean: (s: string) => string): TocEntry[] {
  return entries.flatMap((e) => {
    const children = tocEntries(e.children, ids, clean);
    const section = ids.get(e.id);
    if (!section) return children;
    return [{ href: `${section.href}#${fragment(clean(e.id))}`, text: clean(e.text) || clean(e.id), children }];
  });
}

/** The stylesheet and font entries of an EPUB with these fonts. */
function styleEntries(templates: TemplateSet, fonts: Font[]): ZipEntry[] {
  return [{ path: `${ROOT}/${CSS_PATH}`, data: stylesheet(templates, fonts) }, ...fonts.map((f) => ({ path: `${ROOT}/fonts/${f.name}`, data: f.bytes }))];
}

/**
 * What every EPUB written with these templates, this timestamp and whole fonts starts with: the
 * container file, the stylesheet and the fonts, packed once (a few timestamps kept per template
 * set). Books with fonts cut to them share only the container file.
 */
const sharedEntries = new WeakMap<TemplateSet, Map<string, SharedEntries>>();
const SHARED_KEPT = 8;

function sharedFor(templates: TemplateSet, mtimeMs: number, wholeFonts: Font[] | undefined): SharedEntries {
  let byTime = sharedEntries.get(templates);
  if (!byTime) sharedEntries.set(templates, (byTime = new Map()));
  const key = `${mtimeMs}${wholeFonts ? ` ${wholeFonts.map((f) => f.name).join(',')}` : ''}`;
  let shared = byTime.get(key);
  if (!shared) {
    shared = new SharedEntries([{ path: 'META-INF/container.xml', data: CONTAINER }, ...(wholeFonts ? styleEntries(templates, wholeFonts) : [])], mtimeMs);
    if (byTime.size >= SHARED_KEPT) byTime.delete(byTime.keys().next().value!);
    byTime.set(key, shared);
  }
  return shared;
}

/** The book's fonts: cut down to the text of its content documents and navigation, or whole. */
async function bookFonts(templates: TemplateSet, documents: string[], mode: EpubOptions['fonts'], files: FontFile[]): Promise<{ fonts: Font[]; whole: boolean }> {
  if (mode === 'full' || mode === 'external') return { fonts: await wholeFontData(files), whole: true };
  const subsets = await subsetFonts(files, pageText(documents.join('\n'), stylesheetRules(templates)));
  return { fonts: subsets.map((s) => ({ file: s.file, name: ttfName(s.file), bytes: s.ttf })), whole: false };
}

/** The EPUB's bytes (its warnings: renderEpubFile). */
export async function renderEpub(doc: MatnDocument, options: EpubOptions = {}): Promise<Uint8Array> {
  return joinedBytes((await renderEpubFile(doc, options)).file);
}

/**
 * The EPUB's bytes with their SHA-256 (most of both come ready-made from the shared entries), and
 * what it had to change (characters XML forbids, images it could not pack). The document is not changed.
 */
export async function renderEpubFile(doc: MatnDocument, options: EpubOptions = {}): Promise<{ file: EncodedArtifact; warnings: string[] }> {
  const templates = options.templates ?? (defaultTemplates ??= new TemplateSet());
  const cleaner = new XmlCleaner();
  const extraWarnings = new Set<string>();
  const chosen = options.fontFiles ? { files: options.fontFiles, warnings: [] } : await documentFonts(doc);
  for (const w of chosen.warnings) extraWarnings.add(w);
  const meta = doc.meta;
  const lang = cleaner.clean(meta.lang || 'ar', 'the language tag');
  const title = cleaner.clean(meta.title.trim() || doc.source.name, 'the title');

  // Content documents.
  // Pop-up notes rearrange the nodes: on a copy, as the document is not changed.
  const notes = doc.hast.children.some((n) => n.type === 'element' && n.properties.dataFootnotes !== undefined);
  const withImages = hasImages(doc.hast);
  const tree = notes || withImages ? structuredClone(doc.hast) : doc.hast;
  const images = withImages ? packImages(tree, doc, extraWarnings) : [];
  const sections = splitSections(tree, doc.outline, title);
  if (notes) popUpNotes(sections);
  const ids = idIndex(sections);
  const cssFromText = `../${CSS_PATH}`;
  const entries: ZipEntry[] = [];
  const contentDocs = sections.map((section, i) => {
    const nodes = adaptNodes(section.nodes, section, ids, (w) => extraWarnings.add(w));
    const body = toXhtml(nodes, cleaner, 'the text');
    const heading = cleaner.clean(section.headingText, 'the text');
    return templates.render('epub/content.xhtml.hbs', {
      lang,
      title,
      pageTitle: i === 0 || heading === title ? title : `${heading} — ${title}`,
      headingId: section.headingId === undefined ? undefined : cleaner.clean(section.headingId, 'the text'),
      css: cssFromText,
      body,
      first: i === 0,
    });
  });

  // Navigation: the title (to the first document), then the outline, nested.
  const cleanHeading = (s: string) => cleaner.clean(s, 'the headings');
  const first = sections[0]!;
  const toc: TocEntry[] = [
    { href: first.headingId ? `${first.href}#${fragment(cleaner.clean(first.headingId, 'the text'))}` : first.href, text: title, children: [] },
    ...tocEntries(doc.outline, ids, cleanHeading),
  ];
  const nav = templates.render('epub/nav.xhtml.hbs', { lang, title, css: CSS_PATH, toc, cover: COVER_PAGE, start: first.href });

  // Cover.
  const dateText = cleaner.clean(meta.modifiedText?.trim() || arabicDate(meta.modified ?? meta.date, options.digits), 'the date');
  const svg = await coverSvg({ title, date: dateText }, templates);
  const coverPage = templates.render('epub/cover.xhtml.hbs', {
    lang,
    title,
    css: CSS_PATH,
    image: COVER_IMAGE,
    alt: dateText ? `${title} — ${dateText}` : title,
  });

  // Package document.
  const epochMs = sourceDateEpoch(options.sourceDateEpoch);
  const documentMs = parseIsoDate(meta.modified) ?? parseIsoDate(meta.date);
  const modifiedMs = documentMs ?? epochMs ?? Date.now();
  const optional = (value: string | undefined, where: string) => (value?.trim() ? cleaner.clean(value.trim(), where) : undefined);
  const subjects = [meta.subject, ...(meta.keywords ?? [])]
    .map((s) => optional(s, 'the subject or keywords'))
    .filter((s, i, all): s is string => s !== undefined && all.indexOf(s) === i);
  const { fonts: fontList, whole } = await bookFonts(templates, [...contentDocs, nav, coverPage], options.fonts, chosen.files);
  const manifest = [
    { id: 'nav', href: NAV, mediaType: 'application/xhtml+xml', properties: 'nav' },
    { id: 'cover', href: COVER_PAGE, mediaType: 'application/xhtml+xml', properties: '' },
    ...sections.map((s) => ({ id: s.id, href: s.href, mediaType: 'application/xhtml+xml', properties: '' })),
    { id: 'css', href: CSS_PATH, mediaType: 'text/css', properties: '' },
    { id: 'cover-image', href: COVER_IMAGE, mediaType: 'image/svg+xml', properties: 'cover-image' },
    ...fontList.map((f, i) => ({ id: `font-${i + 1}`, href: `fonts/${f.name}`, mediaType: 'font/ttf', properties: '' })),
    ...images.map((m) => ({ id: m.id, href: m.href, mediaType: m.image.mediaType, properties: '' })),
  ];
  const spine = [
    { idref: 'cover', linear: true },
    { idref: 'nav', linear: false },
    ...sections.map((s) => ({ idref: s.id, linear: true })),
  ];
  const publisher = optional(meta.publisher, 'the publisher');
  const opf = templates.render('epub/package.opf.hbs', {
    lang,
    identifier: publicationId(doc.source.name),
    title,
    author: optional(meta.author, 'the author'),
    publisher,
    subjects,
    description: optional(meta.description, 'the description'),
    date: dcDate(meta.date),
    modified: w3cdtf(modifiedMs),
    generator: `matn ${VERSION}`,
    conformsTo: optional(options.accessibility?.conformsTo, 'the conformance claim'),
    certifiedBy: optional(options.accessibility?.certifiedBy, 'the evaluator'),
    certifierCredential: optional(options.accessibility?.certifierCredential, "the evaluator's credential"),
    // the accessibility metadata says what the book's images are: described, or not all of them
    images: images.length > 0,
    imagesDescribed: undescribedImages(tree) === 0,
    manifest,
    spine,
  });

  entries.push(
    ...(whole ? [] : styleEntries(templates, fontList)),
    { path: `${ROOT}/package.opf`, data: opf },
    { path: `${ROOT}/${NAV}`, data: nav },
    { path: `${ROOT}/${COVER_PAGE}`, data: coverPage },
    ...sections.map((s, i) => ({ path: `${ROOT}/${s.href}`, data: contentDocs[i]! })),
    { path: `${ROOT}/${COVER_IMAGE}`, data: svg },
    // PNG, JPEG, GIF and WebP are compressed already; SVG is text.
    ...images.map((m) => ({ path: `${ROOT}/${m.href}`, data: m.image.bytes, compress: m.image.extension === 'svg' })),
  );

  const warnings = [...new Set([...cleaner.warnings(), ...extraWarnings])].filter((w) => !meta.warnings.includes(w));
  const mtimeMs = epochMs ?? modifiedMs;
  return { file: zipEpub(entries, mtimeMs, sharedFor(templates, mtimeMs, whole ? fontList : undefined)), warnings };
}
