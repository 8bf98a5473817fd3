/**
 * The EPUB writer, end to end, on the seed, a hostile source, a user template folder and a
 * Markdown source (over 300 lines: each block reads one rendered EPUB and checks it from several
 * sides; splitting it would render the same EPUBs again in several files).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Element, RootContent } from 'hast';
import { readSource, decodeDocument } from '../../src/read/source.js';
import { processSource, type MatnDocument } from '../../src/pipeline.js';
import { loadReader } from '../../src/parse/readers.js';
import { renderEpub, renderEpubFile } from '../../src/render/epub/render-epub.js';
import { joinedBytes } from '../../src/render/encoded.js';
import { TemplateSet } from '../../src/render/templates.js';
import { primaryFonts, inUnicodeRange, unpackedFont } from '../../src/render/fonts.js';

const hb = await import('harfbuzzjs');
import { readZip, entryMap, parseXml, findAll, type XmlElement } from './helpers.js';
import { HOSTILE, MARKDOWN } from './samples.js';

const SEED = 'source/france-counter-terrorism.txt';
const EPOCH = 1_700_000_000; // 2023-11-14T22:13:20Z

async function load(path: string): Promise<MatnDocument> {
  return processSource(await readSource(path));
}

function fromText(text: string, name = 'hostile.txt'): MatnDocument {
  return processSource(decodeDocument(new TextEncoder().encode(text), name, 'txt'));
}

interface Opened {
  files: Map<string, string>;
  opf: XmlElement;
  /** Spine documents in reading order: [path in zip, parsed root, item properties]. */
  spine: Array<{ path: string; root: XmlElement; properties: string }>;
  nav: XmlElement;
  navPath: string;
}

function open(bytes: Uint8Array): Opened {
  const files = entryMap(bytes);
  const container = parseXml(files.get('META-INF/container.xml')!, 'container.xml');
  const opfPath = findAll(container, (e) => e.local === 'rootfile')[0]!.attributes['full-path']!;
  const base = opfPath.replace(/[^/]+$/, '');
  const opf = parseXml(files.get(opfPath)!, opfPath);
  const items = new Map(
    findAll(opf, (e) => e.local === 'item').map((i) => [i.attributes.id!, { href: base + i.attributes.href!, properties: i.attributes.properties ?? '' }]),
  );
  const spine = findAll(opf, (e) => e.local === 'itemref').map((ref) => {
    const item = items.get(ref.attributes.idref!)!;
    return { path: item.href, root: parseXml(files.get(item.href)!, item.href), properties: item.properties };
  });
  const navItem = [...items.values()].find((i) => i.properties.split(' ').includes('nav'))!;
  return { files, opf, spine, nav: parseXml(files.get(navItem.href)!, navItem.href), navPath: navItem.href };
}

function resolveHref(from: string, href: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const seg of href.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

const tagsOf = (nodes: RootContent[], out: string[] = []): string[] => {
  for (const n of nodes) {
    if (n.type !== 'element') continue;
    out.push(n.tagName);
    tagsOf((n as Element).children as RootContent[], out);
  }
  return out;
};

describe('renderEpub on the seed document', () => {
  let doc: MatnDocument;
  let bytes: Uint8Array;
  let epub: Opened;

  beforeAll(async () => {
    doc = await load(SEED);
    bytes = await renderEpub(doc, { sourceDateEpoch: EPOCH });
    epub = open(bytes);
  });

  it('stores mimetype first, uncompressed, without extra fields', () => {
    const [first] = readZip(bytes);
    expect(first!.name).toBe('mimetype');
    expect(first!.method).toBe(0);
    expect(first!.localExtra).toBe(0);
    expect(first!.data.toString('ascii')).toBe('application/epub+zip');
    // The OCF rule readers rely on: the bytes "mimetypeapplication/epub+zip" at offset 30.
    expect(Buffer.from(bytes).toString('ascii', 30, 58)).toBe('mimetypeapplication/epub+zip');
  });

  it('is byte-identical when built twice with the same SOURCE_DATE_EPOCH, in any time zone', async () => {
    const again = await renderEpub(await load(SEED), { sourceDateEpoch: EPOCH });
    expect(Buffer.compare(Buffer.from(again), Buffer.from(bytes))).toBe(0);
    const tz = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      const elsewhere = await renderEpub(await load(SEED), { sourceDateEpoch: EPOCH });
      expect(Buffer.compare(Buffer.from(elsewhere), Buffer.from(bytes))).toBe(0);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    const later = await renderEpub(await load(SEED), { sourceDateEpoch: EPOCH + 86_400 });
    expect(Buffer.compare(Buffer.from(later), Buffer.from(bytes))).not.toBe(0);
  });

  it('writes entries in a fixed order', () => {
    const names = readZip(bytes).map((e) => e.name);
    // What every EPUB shares first (packed once per build), then the document's own files.
    expect(names.slice(0, 3)).toEqual(['mimetype', 'META-INF/container.xml', 'EPUB/styles/matn.css']);
    const own = names.slice(names.findIndex((n) => !n.startsWith('EPUB/fonts/') && names.indexOf(n) > 2));
    expect(own.slice(0, 3)).toEqual(['EPUB/package.opf', 'EPUB/nav.xhtml', 'EPUB/cover.xhtml']);
    expect(own.at(-1)).toBe('EPUB/images/cover.svg');
    const parts = names.filter((n) => n.startsWith('EPUB/text/'));
    expect(parts).toEqual([...parts].sort());
  });

  it('has a right-to-left spine: cover, then the title and introduction, then one document per section', () => {
    const spine = findAll(epub.opf, (e) => e.local === 'spine')[0]!;
    expect(spine.attributes['page-progression-direction']).toBe('rtl');
    const linear = epub.spine.filter((s) => !s.properties.includes('nav'));
    expect(linear[0]!.path).toBe('EPUB/cover.xhtml');
    const content = linear.slice(1);
    // Title + introduction, then the five top-level sections of the seed.
    expect(content).toHaveLength(1 + doc.outline.length);
    const h1 = findAll(content[0]!.root, (e) => e.local === 'h1');
    expect(h1.map((h) => h.text)).toEqual([doc.meta.title]);
    expect(findAll(content[0]!.root, (e) => e.local === 'h2')).toHaveLength(0);
    content.slice(1).forEach((part, i) => {
      const h2 = findAll(part.root, (e) => e.local === 'h2');
      expect(h2.map((h) => h.attributes.id)).toEqual([doc.outline[i]!.id]);
    });
  });

  it('marks every XHTML document Arabic and right to left, and keeps Latin phrases in their language', () => {
    const xhtml = [...epub.files.keys()].filter((n) => n.endsWith('.xhtml'));
    expect(xhtml.length).toBeGreaterThanOrEqual(8);
    for (const name of xhtml) {
      const root = parseXml(epub.files.get(name)!, name);
      expect(root.local, name).toBe('html');
      expect(root.uri, name).toBe('http://www.w3.org/1999/xhtml');
      expect(root.attributes['xml:lang'], name).toBe('ar');
      expect(root.attributes.lang, name).toBe('ar');
      expect(root.attributes.dir, name).toBe('rtl');
    }
    const french = epub.spine.flatMap((s) => findAll(s.root, (e) => e.local === 'span' && e.attributes.lang === 'fr'));
    expect(french.map((e) => e.text)).toContain('Opération Chammal');
    for (const span of french) {
      expect(span.attributes['xml:lang']).toBe('fr');
      expect(span.attributes.dir).toBe('ltr');
    }
  });

  it('keeps the structure of the HTML: the same elements, in the same order, and the modified date last', () => {
    const expected = tagsOf(doc.hast.children);
    const content = epub.spine.filter((s) => /text\//.test(s.path));
    const got = content.flatMap((s) => {
      const section = findAll(s.root, (e) => e.local === 'section')[0]!;
      const walk = (e: XmlElement): string[] => e.children.flatMap((c) => [c.local, ...walk(c)]);
      return walk(section);
    });
    expect(got).toEqual(expected);
    expect(got.filter((t) => t === 'aside')).toHaveLength(2);
    const last = content[content.length - 1]!.root;
    const updated = findAll(last, (e) => e.attributes.class === 'updated')[0]!;
    expect(updated.text).toContain('نوفمبر 2019');
    expect(findAll(updated, (e) => e.local === 'time')[0]!.attributes.datetime).toBe('2019-11');
  });

  it('has a nested table of contents whose links reach the right heading in the right document', () => {
    const navs = findAll(epub.nav, (e) => e.local === 'nav');
    const toc = navs.find((n) => n.attributes['epub:type'] === 'toc')!;
    expect(toc).toBeDefined();
    const nested = findAll(toc, (e) => e.local === 'ol' && e.parent?.local === 'li');
    expect(nested.length).toBeGreaterThanOrEqual(2); // h2 > h3 > h4 in the seed
    const links = findAll(toc, (e) => e.local === 'a');
    const headings = doc.outline.flatMap(function flat(e): string[] {
      return [e.text, ...e.children.flatMap(flat)];
    });
    expect(links.map((a) => a.text)).toEqual([doc.meta.title, ...headings]);
    for (const a of links) {
      const [file, id] = a.attributes.href!.split('#');
      const target = resolveHref(epub.navPath, file!);
      expect(epub.files.has(target), a.attributes.href).toBe(true);
      const root = parseXml(epub.files.get(target)!, target);
      const hit = findAll(root, (e) => e.attributes.id === decodeURIComponent(id!));
      expect(hit, a.attributes.href).toHaveLength(1);
      expect(hit[0]!.local).toMatch(/^h[1-6]$/);
      expect(hit[0]!.text).toBe(a.text);
    }
  });

  it('has landmarks for the cover, the table of contents and the start of the text', () => {
    const landmarks = findAll(epub.nav, (e) => e.local === 'nav' && e.attributes['epub:type'] === 'landmarks')[0]!;
    const links = findAll(landmarks, (e) => e.local === 'a');
    const byType = new Map(links.map((a) => [a.attributes['epub:type'], a.attributes.href]));
    expect(byType.get('cover')).toBe('cover.xhtml');
    expect(byType.get('toc')).toBe('#toc');
    expect(byType.get('bodymatter')).toBe('text/part-01.xhtml');
    expect(findAll(epub.nav, (e) => e.attributes.id === 'toc')).toHaveLength(1);
  });

  it('has the metadata a catalogue and an accessibility checker look for', () => {
    const meta = (property: string) =>
      findAll(epub.opf, (e) => e.local === 'meta' && e.attributes.property === property).map((e) => e.text);
    const dc = (local: string) => findAll(epub.opf, (e) => e.local === local && e.uri === 'http://purl.org/dc/elements/1.1/').map((e) => e.text);
    expect(dc('title')).toEqual([doc.meta.title]);
    expect(dc('language')).toEqual(['ar']);
    expect(dc('identifier')[0]).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // From the document's update date ("نوفمبر 2019"), not the build time.
    expect(meta('dcterms:modified')).toEqual(['2019-11-01T00:00:00Z']);
    expect(meta('schema:accessMode')).toEqual(expect.arrayContaining(['textual']));
    expect(meta('schema:accessModeSufficient')).toEqual(['textual']);
    expect(meta('schema:accessibilityFeature')).toEqual(expect.arrayContaining(['structuralNavigation', 'tableOfContents', 'alternativeText']));
    expect(meta('schema:accessibilityHazard')).toEqual(['none']);
    expect(meta('schema:accessibilitySummary')[0]!.length).toBeGreaterThan(40);
    // matn checks its output but certifies nothing: no claim and no evaluator unless the user makes them.
    expect(meta('dcterms:conformsTo')).toEqual([]);
    expect(meta('a11y:certifiedBy')).toEqual([]);
  });

  it("writes the conformance claim, its evaluator and the evaluator's credential from the config", async () => {
    const accessibility = { conformsTo: 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA', certifiedBy: 'دار المثال للنشر', certifierCredential: 'Benetech Global Certified' };
    const opf = parseXml(entryMap(await renderEpub(doc, { sourceDateEpoch: EPOCH, accessibility })).get('EPUB/package.opf')!);
    const metas = findAll(opf, (e) => e.local === 'meta');
    const value = (property: string) => metas.filter((e) => e.attributes.property === property).map((e) => e.text);
    expect(value('dcterms:conformsTo')).toEqual([accessibility.conformsTo]);
    expect(value('a11y:certifiedBy')).toEqual([accessibility.certifiedBy]);
    const credential = metas.find((e) => e.attributes.property === 'a11y:certifierCredential')!;
    expect(credential.text).toBe(accessibility.certifierCredential);
    expect(credential.attributes.refines).toBe(`#${metas.find((e) => e.attributes.property === 'a11y:certifiedBy')!.attributes.id}`);
  });

  it('embeds Amiri as TrueType subsets (font/ttf) of the faces the book uses, and uses them from the stylesheet', async () => {
    const css = epub.files.get('EPUB/styles/matn.css')!;
    const items = findAll(epub.opf, (e) => e.local === 'item').filter((i) => i.attributes.href!.startsWith('fonts/'));
    // Amiri alone (no fallback of the chain): Arabic and Latin (spaces, digits), regular and bold; no Latin Extended letter.
    expect(items.map((i) => i.attributes.href).sort()).toEqual(
      ['fonts/amiri-arabic-400-normal.ttf', 'fonts/amiri-arabic-700-normal.ttf', 'fonts/amiri-latin-400-normal.ttf', 'fonts/amiri-latin-700-normal.ttf'],
    );
    const shown = new Set([...[...epub.files].filter(([path]) => path.startsWith('EPUB/text/')).map(([, xhtml]) => xhtml.replace(/<head>[^]*?<\/head>|<[^>]*>/gu, '')).join('')]);
    const zip = readZip(bytes);
    for (const item of items) {
      expect(item.attributes['media-type'], item.attributes.href).toBe('font/ttf');
      const stored = zip.find((e) => e.name === `EPUB/${item.attributes.href}`)!.data;
      expect(stored.readUInt32BE(0), item.attributes.href).toBe(0x00010000); // OpenType, TrueType outlines
      const whole = primaryFonts().find((f) => `fonts/${f.name.replace('.woff2', '.ttf')}` === item.attributes.href)!;
      expect(stored.byteLength).toBeLessThan((await unpackedFont(whole)).byteLength / 2);
      expect(css).toContain(`url(../fonts/${whole.name.replace('.woff2', '.ttf')}) format('truetype')`);
      if (whole.weight === 700) continue; // bold faces keep the characters of bold text only
      const mapped = new Set(new hb.Face(new hb.Blob(stored)).collectUnicodes());
      const missing = [...shown].filter((ch) => inUnicodeRange(whole.unicodeRange, ch.codePointAt(0)!) && !/\s/u.test(ch) && !mapped.has(ch.codePointAt(0)!));
      expect(missing, item.attributes.href).toEqual([]);
    }
    expect(css).toContain("font-family: 'Amiri', 'Noto Naskh Arabic',");
    expect(css).toContain('aside.see-more');
    expect(css).not.toMatch(/unicode-bidi|direction\s*:/); // EPUB 3 forbids both in style sheets
    for (const part of epub.spine) {
      const link = findAll(part.root, (e) => e.local === 'link')[0]!;
      expect(epub.files.has(resolveHref(part.path, link.attributes.href!)), part.path).toBe(true);
    }
  });

  it('weighs under 100 KB with its fonts cut down (≈290 KB with them whole)', async () => {
    expect(bytes.byteLength).toBeLessThan(100 * 1024);
    const whole = await renderEpub(doc, { sourceDateEpoch: EPOCH, fonts: 'full' });
    expect(whole.byteLength).toBeGreaterThan(250 * 1024);
  });

  it('packs the whole faces as TrueType with fonts full or external (an EPUB holds its fonts)', async () => {
    for (const fonts of ['full', 'external'] as const) {
      const zip = readZip(await renderEpub(doc, { sourceDateEpoch: EPOCH, fonts }));
      for (const font of primaryFonts()) {
        const stored = zip.find((e) => e.name === `EPUB/fonts/${font.name.replace('.woff2', '.ttf')}`);
        expect(stored && Buffer.compare(stored.data, await unpackedFont(font)), `${fonts}: ${font.name}`).toBe(0);
      }
    }
  });

  it('has an SVG cover image with the title, marked as the cover', () => {
    const item = findAll(epub.opf, (e) => e.local === 'item' && (e.attributes.properties ?? '').split(' ').includes('cover-image'));
    expect(item).toHaveLength(1);
    expect(item[0]!.attributes['media-type']).toBe('image/svg+xml');
    const svg = parseXml(epub.files.get(`EPUB/${item[0]!.attributes.href}`)!, 'cover.svg');
    expect(svg.local).toBe('svg');
    expect(findAll(svg, (e) => e.local === 'title')[0]!.text).toBe(`${doc.meta.title} — نوفمبر 2019`);
    // The title is set as outlines: the cover needs no font and looks the same everywhere.
    const paths = findAll(svg, (e) => e.local === 'path');
    expect(paths.length).toBeGreaterThanOrEqual(3);
    expect(findAll(svg, (e) => e.local === 'text')).toHaveLength(0);
    const img = findAll(epub.spine[0]!.root, (e) => e.local === 'img')[0]!;
    expect(img.attributes.alt).toContain(doc.meta.title);
    expect(resolveHref('EPUB/cover.xhtml', img.attributes.src!)).toBe(`EPUB/${item[0]!.attributes.href}`);
  });
});

describe('renderEpub metadata across builds', () => {
  it('keeps the identifier for the same document name, even when the text changes', async () => {
    const id = async (text: string, name: string) => {
      const files = entryMap(await renderEpub(fromText(text, name), { sourceDateEpoch: EPOCH }));
      return /urn:uuid:([0-9a-f-]+)/.exec(files.get('EPUB/package.opf')!)![1];
    };
    const a = await id('عنوان\n\nنص أول.\n', 'doc.txt');
    expect(await id('عنوان\n\nنص مصحح.\n', 'doc.txt')).toBe(a);
    expect(await id('عنوان\n\nنص أول.\n', 'other.txt')).not.toBe(a);
  });

  it('uses SOURCE_DATE_EPOCH for dcterms:modified when the document has no date, and copies author and publisher', async () => {
    const doc = fromText('عنوان بلا تاريخ\n\nنص.\n', 'undated.txt');
    doc.meta.author = 'مؤلف & شريك';
    doc.meta.publisher = 'دار <النشر>';
    const opf = entryMap(await renderEpub(doc, { sourceDateEpoch: EPOCH })).get('EPUB/package.opf')!;
    const root = parseXml(opf);
    expect(findAll(root, (e) => e.attributes.property === 'dcterms:modified')[0]!.text).toBe('2023-11-14T22:13:20Z');
    expect(findAll(root, (e) => e.local === 'creator')[0]!.text).toBe('مؤلف & شريك');
    expect(findAll(root, (e) => e.local === 'publisher')[0]!.text).toBe('دار <النشر>');
  });
});

describe('renderEpub on a hostile source', () => {
  let doc: MatnDocument;
  let epub: Opened;
  let epubWarnings: string[] = [];

  beforeAll(async () => {
    doc = fromText(HOSTILE);
    const rendered = await renderEpubFile(doc, { sourceDateEpoch: EPOCH });
    epub = open(joinedBytes(rendered.file));
    epubWarnings = rendered.warnings;
  });

  it('gives well-formed XML in every file', () => {
    for (const [name, text] of epub.files) {
      if (!/\.(xhtml|opf|xml|svg)$/.test(name)) continue;
      expect(() => parseXml(text, name), name).not.toThrow();
    }
  });

  it('shows text that looks like markup literally', () => {
    const body = epub.spine.map((s) => s.root.text).join('\n');
    for (const literal of ['<script>alert(1)</script>', ']]>', '&amp;', '{{title}}', '{{{body}}}', '<![CDATA[ x ]]>', '<!-- تعليق -->', '&#0;', '"اقتباس"', "'مفرد'"]) {
      expect(body, literal).toContain(literal);
    }
    for (const part of epub.spine) expect(findAll(part.root, (e) => e.local === 'script' || e.local === 'b')).toHaveLength(0);
    const title = findAll(epub.opf, (e) => e.local === 'title')[0]!.text;
    expect(title).toBe('عنوان\uFFFD {{title}} <script>');
  });

  it('replaces characters XML forbids and says so', () => {
    for (const [name, text] of epub.files) {
      if (!/\.(xhtml|opf|xml|svg|css)$/.test(name)) continue;
      expect(text, name).not.toMatch(/[\u0001\uFFFE]/u);
    }
    const body = epub.spine.map((s) => s.root.text).join('\n');
    expect(body).toContain('ومحرف\uFFFD تحكم');
    // Reading the source may already replace them (and warn); the EPUB writer checks again.
    const warnings = [...doc.meta.warnings, ...epubWarnings].join('\n');
    expect(warnings).toMatch(/U\+0001/);
    expect(warnings).toMatch(/U\+FFFE/);
  });

  it('replaces them and warns when they reach the writer another way (metadata, a changed tree)', async () => {
    const doc = fromText('عنوان\n\nفقرة أولى.\n', 'injected.txt');
    doc.meta.author = 'مؤلف\u0002';
    doc.meta.title = 'عنوان\uFFFF';
    const paragraph = doc.hast.children.find((n): n is Element => n.type === 'element' && n.tagName === 'p')!;
    paragraph.children.push({ type: 'text', value: ' نص\u0008 مضاف \uD800' });
    const rendered = await renderEpubFile(doc, { sourceDateEpoch: EPOCH });
    const files = entryMap(joinedBytes(rendered.file));
    for (const [name, text] of files) {
      if (!/\.(xhtml|opf|xml|svg)$/.test(name)) continue;
      expect(() => parseXml(text, name), name).not.toThrow();
      expect(text, name).not.toMatch(/[\u0002\u0008\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
    expect(files.get('EPUB/text/part-01.xhtml')).toContain('نص\uFFFD مضاف \uFFFD');
    expect(files.get('EPUB/package.opf')).toContain('مؤلف\uFFFD');
    const warnings = rendered.warnings.filter((w) => w.startsWith('EPUB:')).join('\n');
    expect(warnings).toMatch(/the title.*U\+FFFF/);
    expect(warnings).toMatch(/the author.*U\+0002/);
    expect(warnings).toMatch(/the text.*U\+0008.*U\+D800/);
  });

  it('gives the same warnings when the same document is rendered again, and leaves the document as it was', async () => {
    const before = structuredClone(doc.meta);
    const first = await renderEpubFile(doc, { sourceDateEpoch: EPOCH });
    const second = await renderEpubFile(doc, { sourceDateEpoch: EPOCH });
    expect(second.warnings).toEqual(first.warnings);
    expect(doc.meta).toEqual(before);
  });
});

describe('renderEpub with a user template folder', () => {
  it('uses the user copy of a template and the built-in ones for the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'matn-epub-templates-'));
    mkdirSync(join(dir, 'epub'));
    writeFileSync(join(dir, 'epub', 'style.css.hbs'), '{{{fontFaces}}}\n/* house style */\nbody { color: #222; }\n');
    writeFileSync(
      join(dir, 'epub', 'cover.xhtml.hbs'),
      readFileSync('templates/epub/cover.xhtml.hbs', 'utf8').replace('<img', '<p class="house">{{title}}</p>\n<img'),
    );
    const files = entryMap(await renderEpub(await load(SEED), { templates: new TemplateSet(dir), sourceDateEpoch: EPOCH }));
    expect(files.get('EPUB/styles/matn.css')).toContain('/* house style */');
    expect(files.get('EPUB/cover.xhtml')).toContain('<p class="house">');
    expect(files.get('EPUB/nav.xhtml')).toContain('epub:type="toc"');
  });
});

describe('renderEpub on a Markdown source', () => {
  let doc: MatnDocument;
  let epub: Opened;
  let epubWarnings: string[] = [];

  beforeAll(async () => {
    await loadReader('md');
    doc = processSource(decodeDocument(new TextEncoder().encode(MARKDOWN), 'guide.md', 'md'));
    const rendered = await renderEpubFile(doc, { sourceDateEpoch: EPOCH });
    epub = open(joinedBytes(rendered.file));
    epubWarnings = rendered.warnings;
  });

  it('points links to a heading at the content document that now holds it', () => {
    const parts = epub.spine.filter((s) => s.path.includes('/text/'));
    expect(parts).toHaveLength(3);
    const links = parts.flatMap((p) => findAll(p.root, (e) => e.local === 'a').map((a) => ({ from: p.path, href: a.attributes.href! })));
    const internal = links.filter((l) => !l.href.startsWith('https:'));
    expect(internal.map((l) => l.href)).toEqual(['part-03.xhtml#القسم-الثاني', 'part-01.xhtml#دليل-التجربة']);
    for (const link of internal) {
      const [file, id] = link.href.split('#');
      const target = parseXml(epub.files.get(resolveHref(link.from, file!))!);
      expect(findAll(target, (e) => e.attributes.id === id), link.href).toHaveLength(1);
    }
    expect(links.map((l) => l.href)).toContain('https://example.org/a?b=1&c=2');
  });

  it('shows an image it cannot pack as its alternative text, and says so', () => {
    const first = epub.spine.find((s) => s.path.endsWith('part-01.xhtml'))!;
    expect(findAll(first.root, (e) => e.local === 'img')).toHaveLength(0);
    expect(first.root.text).toContain('وصف الصورة');
    expect(epubWarnings.join('\n')).toMatch(/images\/pic\.png/);
  });

  it('copies the front matter into the package metadata', () => {
    const dc = (local: string) => findAll(epub.opf, (e) => e.local === local && e.uri === 'http://purl.org/dc/elements/1.1/').map((e) => e.text);
    expect(dc('title')).toEqual(['دليل <التجربة> & الاختبار']);
    expect(dc('creator')).toEqual(['كاتب تجريبي']);
    expect(dc('publisher')).toEqual(['دار المثال']);
    expect(dc('subject')).toEqual(['اختبار', 'أول', 'ثان']);
    expect(dc('date')).toEqual(['2021-05-03']);
    expect(findAll(epub.opf, (e) => e.attributes.property === 'dcterms:modified')[0]!.text).toBe('2021-05-03T00:00:00Z');
  });
});
