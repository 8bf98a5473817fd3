/**
 * Word documents (`.docx`): mammoth turns the document into HTML (headings from Word's heading
 * and title styles, lists, tables, bold and italic, footnotes and endnotes, images as data
 * URIs); the document properties (docProps/core.xml: title, author, subject, description,
 * keywords, language, dates) become the page's <head>. The HTML then takes the saved-page path
 * (parse/html.ts) with the whole body as the main content: footnotes become Markdown footnotes,
 * so every output shows them as it shows a Markdown source's.
 *
 * Word's right-to-left paragraphs are kept right to left (every output is); mammoth does not
 * report a paragraph's direction, so a left-to-right paragraph is kept by the foreign-phrase
 * isolation, not by its Word setting.
 */
import mammoth from 'mammoth';
import JSZip from 'jszip';
import { MatnError } from '../errors.js';

const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Subtitle'] => p.subtitle:fresh",
  "p[style-name='Author'] => p.author:fresh",
  "p[style-name='Date'] => p.date:fresh",
  "p[style-name='Abstract'] => p:fresh",
  "p[style-name='Block Text'] => blockquote > p:fresh",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Source Code'] => pre:separator('\\n')",
  "r[style-name='Verbatim Char'] => code",
];

const escape = (s: string) => s.replace(/[&<>"]/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** docProps/core.xml as <meta> elements. */
async function coreProperties(bytes: Uint8Array): Promise<{ head: string; lang: string | undefined }> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = (await zip.file('docProps/core.xml')?.async('string')) ?? '';
  const get = (tag: string) => {
    const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`, 'u').exec(xml);
    return m?.[1]?.trim() ? m[1].trim().replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&quot;/gu, '"').replace(/&apos;/gu, "'").replace(/&amp;/gu, '&') : undefined;
  };
  const metas: Array<[string, string | undefined]> = [
    ['dc.title', get('dc:title')],
    ['author', get('dc:creator')],
    ['dc.subject', get('dc:subject')],
    ['description', get('dc:description')],
    ['keywords', get('cp:keywords')],
    ['dcterms.created', get('dcterms:created')],
    ['dcterms.modified', get('dcterms:modified')],
  ];
  const head = metas
    .filter((m): m is [string, string] => m[1] !== undefined)
    .map(([name, content]) => `<meta name="${name}" content="${escape(content)}">`)
    .join('\n');
  return { head, lang: get('dc:language') };
}

/** A .docx's bytes as an HTML page, with mammoth's messages as warnings. */
export async function docxToHtml(bytes: Uint8Array, file: string): Promise<{ text: string; warnings: string[] }> {
  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
  let core: Awaited<ReturnType<typeof coreProperties>>;
  try {
    core = await coreProperties(bytes);
    result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { styleMap: STYLE_MAP, includeDefaultStyleMap: true });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? String(error);
    throw new MatnError('unreadable', file, `is not a Word document that can be read (${/zip|central directory|signature/iu.test(message) ? 'not a .docx zip archive' : message})`);
  }
  const warnings = [...new Set(result.messages.filter((m) => m.type === 'warning' || m.type === 'error').map((m) => `Word: ${m.message}`))];
  const lang = core.lang?.replace(/_/gu, '-') ?? 'ar';
  const text = `<!DOCTYPE html>\n<html lang="${escape(lang)}" dir="rtl">\n<head>\n${core.head}\n</head>\n<body>\n${result.value}\n</body>\n</html>\n`;
  return { text, warnings };
}
