/**
 * The built-in templates, precompiled by the set-up (src/render/template-specs.ts): the outputs are
 * the same bytes as with templates compiled from their text, and a spec is taken only for the
 * text it was made from.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { afterAll, describe, expect, it } from 'vitest';
import { readSourceSync } from '../../src/read/source.js';
import { processSource } from '../../src/pipeline.js';
import { renderHtmlFile } from '../../src/render/html/render-html.js';
import { renderEpubFile } from '../../src/render/epub/render-epub.js';
import { buildPrintPage, buildRunningHeadsPage } from '../../src/render/pdf/print-page.js';
import { BUILTIN_TEMPLATES, TemplateSet } from '../../src/render/templates.js';
import { precompiledSpec, writeTemplateSpecs } from '../../src/render/template-specs.js';

const temp = mkdtempSync(join(tmpdir(), 'matn-specs-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const bytes = (chunks: Uint8Array[]) => Buffer.concat(chunks);

describe('precompiled built-in templates', () => {
  it('were written by the set-up for every built-in template', () => {
    for (const name of ['html/page.hbs', 'html/toc.partial.hbs', 'epub/content.xhtml.hbs', 'epub/package.opf.hbs', 'print/page.hbs', 'print/running-heads.hbs']) {
      const file = join(BUILTIN_TEMPLATES, name);
      expect(precompiledSpec(BUILTIN_TEMPLATES, file, readFileSync(file, 'utf8')), name).toBeDefined();
    }
  });

  it('give the HTML page, the EPUB and the print page byte for byte what templates compiled from their text give', async () => {
    const doc = processSource(readSourceSync('source/france-counter-terrorism.txt'));
    // The same files in a user's folder are compiled from their text: no spec is taken for them.
    const copy = join(temp, 'user-templates');
    cpSync(BUILTIN_TEMPLATES, copy, { recursive: true });
    const builtin = new TemplateSet();
    const compiled = new TemplateSet(copy);

    const html = async (templates: TemplateSet) => {
      const page = await renderHtmlFile(doc, { templates });
      return bytes(page.chunks).toString('utf8');
    };
    const fromSpecs = await html(builtin);
    expect(fromSpecs).toContain('dir="rtl"');
    expect(fromSpecs).toBe(await html(compiled));

    const epub = async (templates: TemplateSet) => bytes((await renderEpubFile(doc, { templates, sourceDateEpoch: 1_700_000_000 })).file.chunks);
    expect(Buffer.compare(await epub(builtin), await epub(compiled))).toBe(0);

    const print = (templates: TemplateSet) => buildPrintPage(doc, { templates, pageSize: 'A4', digits: 'arabic-indic', toc: true }).html;
    expect(print(builtin)).toBe(print(compiled));
    const heads = (templates: TemplateSet) => buildRunningHeadsPage(doc, { templates, pageSize: 'A4', digits: 'arabic-indic' }, ['عنوان القسم']).html;
    expect(heads(builtin)).toBe(heads(compiled));
  });
});

describe('precompiledSpec', () => {
  const dir = join(temp, 'builtin');
  const specs = join(temp, 'specs');
  const file = join(dir, 'html', 'note.hbs');
  cpSync(join(BUILTIN_TEMPLATES, 'html', 'toc.partial.hbs'), join(dir, 'html', 'toc.partial.hbs'));
  writeFileSync(file, '<p>{{text}}</p>');
  const written = writeTemplateSpecs(dir, specs);
  const render = (spec: TemplateSpecification | undefined) => Handlebars.create().template(spec!)({ text: 'نص & <b>' });

  it('renders a template from the spec made of its text', () => {
    expect(written).toHaveLength(2);
    expect(render(precompiledSpec(dir, file, '<p>{{text}}</p>', specs))).toBe('<p>نص &amp; &lt;b&gt;</p>');
  });

  it('is not taken for another text (an edited template), another Handlebars, or a missing spec', () => {
    expect(precompiledSpec(dir, file, '<p>{{{text}}}</p>', specs)).toBeUndefined();
    const path = join(specs, 'html', 'note.hbs.cjs');
    writeFileSync(join(specs, 'html', 'other.hbs.cjs'), readFileSync(path, 'utf8').replace(/exports\.handlebars = "[^"]+"/u, 'exports.handlebars = "0.0.1"'));
    expect(precompiledSpec(dir, join(dir, 'html', 'other.hbs'), '<p>{{text}}</p>', specs)).toBeUndefined();
    expect(precompiledSpec(dir, join(dir, 'html', 'absent.hbs'), '<p>{{text}}</p>', specs)).toBeUndefined();
  });
});
