/**
 * Images from every reader in the HTML page and the EPUB (no browser; the PDF and epubcheck are
 * in images-print.test.ts): a Markdown report with a local PNG, an SVG, a remote image, a missing
 * file, a path out of its folder and an image without description; a saved page with its
 * `page_files/` folder; a Word file with a picture.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSource, decodeDocument } from '../../src/read/source.js';
import { processSource, type MatnDocument } from '../../src/pipeline.js';
import { renderHtml } from '../../src/render/html/render-html.js';
import { renderEpubFile } from '../../src/render/epub/render-epub.js';
import { joinedBytes } from '../../src/render/encoded.js';
import { htmlWriter } from '../../src/render/html/writer.js';
import { TemplateSet } from '../../src/render/templates.js';
import { ROOT } from '../helpers.js';
import { findAll, parseXml, readZip, type XmlElement } from '../epub/helpers.js';
import type { WriterContext } from '../../src/render/writer.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'images');
const REPORT = join(FIXTURES, 'markdown', 'report.md');
const CHART = readFileSync(join(FIXTURES, 'markdown', 'images', 'chart.png'));
const ORNAMENT = readFileSync(join(FIXTURES, 'markdown', 'images', 'ornament.png'));
const dataPng = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;

interface Epub {
  files: Map<string, Buffer>;
  opf: XmlElement;
  /** Every content document's parsed root, in file order. */
  parts: Array<{ path: string; root: XmlElement }>;
  warnings: string[];
}

async function epubOf(doc: MatnDocument): Promise<Epub> {
  const { file, warnings } = await renderEpubFile(doc, { sourceDateEpoch: 0 });
  const files = new Map(readZip(joinedBytes(file)).map((e) => [e.name, e.data]));
  const parts = [...files].filter(([name]) => name.startsWith('EPUB/text/')).map(([path, data]) => ({ path, root: parseXml(data.toString('utf8'), path) }));
  return { files, opf: parseXml(files.get('EPUB/package.opf')!.toString('utf8')), parts, warnings };
}

const images = (epub: Epub): Array<Record<string, string | undefined> & { from: string }> =>
  epub.parts.flatMap((p) => findAll(p.root, (e) => e.local === 'img').map((img) => ({ ...img.attributes, from: p.path })));
const omitted = (epub: Epub) => epub.parts.flatMap((p) => findAll(p.root, (e) => e.local === 'span' && e.attributes.class === 'image-omitted').map((e) => e.text));
/** The package's accessibility features and summary. */
const accessibility = (epub: Epub) => {
  const metas = findAll(epub.opf, (e) => e.local === 'meta');
  return {
    features: metas.filter((m) => m.attributes.property === 'schema:accessibilityFeature').map((m) => m.text),
    summary: metas.find((m) => m.attributes.property === 'schema:accessibilitySummary')?.text ?? '',
  };
};
/** A path inside the zip from a content document's relative href. */
const inZip = (from: string, href: string) => new URL(href, `http://x/${from}`).pathname.slice(1);

describe('a Markdown report with local, remote and missing images', () => {
  let doc: MatnDocument;
  let html: string;
  let epub: Epub;
  let warnings: string[];

  beforeAll(async () => {
    doc = processSource(await readSource(REPORT));
    html = renderHtml(doc);
    epub = await epubOf(doc);
    warnings = (await htmlWriter.render(doc, { templates: new TemplateSet(), settings: { toc: true } } as unknown as WriterContext)).warnings;
  });

  it('HTML: local images inline as data URIs, with their descriptions', () => {
    expect(html).toContain(`<img src="${dataPng(CHART)}" alt="مخطط أعمدة يبين نمو القراءة أربع سنوات متتالية">`);
    expect(html).toContain(`<img src="${dataPng(ORNAMENT)}" alt="">`);
    const svg = /<img src="data:image\/svg\+xml;base64,([^"]+)" alt="ثلاث دوائر ملونة على خلفية زرقاء">/u.exec(html);
    expect(svg).not.toBeNull();
    expect(Buffer.from(svg![1]!, 'base64').toString('utf8')).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<circle/u);
    // Nothing in the page can load anything: no address but data URIs.
    expect([...html.matchAll(/\ssrc="([^"]*)"/gu)].every((m) => m[1]!.startsWith('data:'))).toBe(true);
  });

  it('HTML: a titled image is a figure with its caption', () => {
    expect(html).toMatch(/<figure><img src="data:image\/png;base64,[^"]+" alt="مخطط أعمدة يبين[^"]*"><figcaption>الشكل ١: نمو القراءة بين ٢٠٢١ و٢٠٢٤<\/figcaption><\/figure>/u);
  });

  it('HTML: a remote, a missing and an outside image are shown as their descriptions, never loaded', () => {
    expect(html).toContain('<span class="image-omitted">شعار الموقع البعيد</span>');
    expect(html).toContain('<span class="image-omitted">صورة غير موجودة</span>');
    expect(html).toContain('<span class="image-omitted">ملف من خارج المجلد</span>');
    expect(html).not.toMatch(/example\.com|missing\.png|outside\.png/u);
  });

  it('warns once per image, naming the source file and the image', () => {
    expect(warnings).toEqual([
      `${REPORT}: the image "https://example.com/x.png" is a remote address, which matn never fetches; its alternative text «شعار الموقع البعيد» is shown instead`,
      `${REPORT}: the image "images/missing.png" is not found; its alternative text «صورة غير موجودة» is shown instead`,
      `${REPORT}: the image "../outside.png" is outside the source's folder, and is not read; its alternative text «ملف من خارج المجلد» is shown instead`,
      `${REPORT}: the image "images/ornament.png" has no alternative text (alt): a reader who cannot see it is not told what it shows`,
    ]);
  });

  it('EPUB: each distinct image is one file in EPUB/images with a manifest item of its type', () => {
    const items = findAll(epub.opf, (e) => e.local === 'item' && e.attributes.id!.startsWith('image-')).map((e) => [e.attributes.href, e.attributes['media-type']]);
    expect(items).toEqual([
      ['images/image-1.png', 'image/png'],
      ['images/image-2.svg', 'image/svg+xml'],
      ['images/image-3.png', 'image/png'],
    ]);
    expect(epub.files.get('EPUB/images/image-1.png')!.equals(CHART)).toBe(true);
    expect(epub.files.get('EPUB/images/image-3.png')!.equals(ORNAMENT)).toBe(true);
    expect(epub.files.get('EPUB/images/image-2.svg')!.toString('utf8')).not.toMatch(/script|onload|example\.com/u);
  });

  it('EPUB: every img points at a packed file and keeps its description', () => {
    const imgs = images(epub);
    expect(imgs.map((i) => i.alt)).toEqual(['مخطط أعمدة يبين نمو القراءة أربع سنوات متتالية', 'ثلاث دوائر ملونة على خلفية زرقاء', '', 'المخطط نفسه']);
    for (const img of imgs) expect(epub.files.has(inZip(img.from, img.src!)), img.src).toBe(true);
    const figure = epub.parts.flatMap((p) => findAll(p.root, (e) => e.local === 'figcaption'));
    expect(figure.map((f) => f.text)).toEqual(['الشكل ١: نمو القراءة بين ٢٠٢١ و٢٠٢٤']);
    expect(omitted(epub)).toEqual(['شعار الموقع البعيد', 'صورة غير موجودة', 'ملف من خارج المجلد']);
  });

  it('EPUB: an AVIF image (not a core media type) is shown as its description, with a warning', async () => {
    const avif = Buffer.from('\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf', 'latin1');
    const md = `# صورة حديثة\n\n![صورة بصيغة أفيف](data:image/avif;base64,${avif.toString('base64')})\n`;
    const avifDoc = processSource(decodeDocument(Buffer.from(md), join(FIXTURES, 'markdown', 'avif.md'), 'md'));
    const out = await epubOf(avifDoc);
    expect(images(out)).toEqual([]);
    expect(omitted(out)).toEqual(['صورة بصيغة أفيف']);
    expect(out.warnings.join('\n')).toMatch(/EPUB: .*avif\.md: the image "data:image\/avif,…" is image\/avif, not one of EPUB 3's core media types/u);
    expect(renderHtml(avifDoc)).toContain(`src="data:image/avif;base64,${avif.toString('base64')}"`);
  });
});

describe('a saved web page with its page_files folder', () => {
  let html: string;
  let epub: Epub;

  beforeAll(async () => {
    const doc = processSource(await readSource(join(FIXTURES, 'saved-page', 'page.html')));
    html = renderHtml(doc);
    epub = await epubOf(doc);
  });

  it('packs the page’s own image with its size and caption, and shows the remote one as its description', () => {
    expect(html).toContain(`<figure><img src="${dataPng(CHART)}" alt="مخطط أعمدة القراءة" width="240" height="140"><figcaption>نمو القراءة في أربع سنوات</figcaption></figure>`);
    expect(html).toContain('<span class="image-omitted">إعلان من موقع بعيد</span>');
    expect(html).not.toContain('example.com');
    expect(images(epub).map((i) => [i.src, i.alt, i.width])).toEqual([['../images/image-1.png', 'مخطط أعمدة القراءة', '240']]);
  });

  it("says in the book's accessibility metadata that its images are described", () => {
    expect(accessibility(epub).features).toContain('alternativeText');
    expect(accessibility(epub).summary).toContain('وللصور');
  });
});

describe('the accessibility metadata of a book with an undescribed image', () => {
  it('claims no alternative text for every image, and says so in the summary', async () => {
    const epub = await epubOf(processSource(await readSource(REPORT)));
    expect(accessibility(epub).features).not.toContain('alternativeText');
    expect(accessibility(epub).summary).toContain('بعض الصور بلا وصف نصي');
  });
});

describe('a Word file with a picture', () => {
  let html: string;
  let epub: Epub;

  beforeAll(async () => {
    const doc = processSource(await readSource(join(FIXTURES, 'word', 'with-image.docx')));
    html = renderHtml(doc);
    epub = await epubOf(doc);
  });

  it('keeps the picture, described by its Word description, in the HTML and the EPUB', () => {
    expect(html).toContain(`<img src="${dataPng(CHART)}" alt="مخطط أعمدة من ملف وورد">`);
    expect(images(epub).map((i) => i.alt)).toEqual(['مخطط أعمدة من ملف وورد']);
    expect(epub.files.get('EPUB/images/image-1.png')!.equals(CHART)).toBe(true);
  });
});
