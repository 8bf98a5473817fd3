/**
 * The tagging after the finishing joined a line's marked content (finish/line-marks.ts): on the
 * seed and corpus 05, every MCID drawn on a page is referenced by exactly one structure element,
 * and the parent tree names that element.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, type PDFObject, type PDFRawStream, PDFRef } from 'pdf-lib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfPrinter } from '../../src/render/pdf/printer.js';
import { readSource } from '../../src/read/source.js';
import { processSource } from '../../src/pipeline.js';
import { contentRefs, streamBytes } from '../../src/render/pdf/finish/content-streams.js';
import { CORPUS, SEED } from '../helpers.js';
import { haveBrowser } from './pdf-helpers.js';

const canPrint = haveBrowser();
let printer: PdfPrinter;
const pdfs: Record<string, Uint8Array> = {};

beforeAll(async () => {
  if (!canPrint) return;
  printer = await PdfPrinter.launch({ pages: 2 });
  for (const [name, path] of Object.entries({ seed: SEED, '05': join(CORPUS, '05-mozilla-websites-privacy-notice.txt') })) {
    pdfs[name] = await printer.print(processSource(await readSource(path)), { sourceDateEpoch: 1_700_000_000, toc: false, runningHead: 'title' });
  }
}, 120_000);

afterAll(async () => {
  await printer?.close();
});

describe.skipIf(!canPrint)('marked content after the finishing', () => {
  for (const name of ['seed', '05']) {
    it(`${name}: each MCID on a page belongs to one element, and the parent tree says which`, async () => {
      const doc = await PDFDocument.load(pdfs[name]!);
      const { context } = doc;
      const root = doc.catalog.lookup(PDFName.of('StructTreeRoot')) as PDFDict;
      // Who references each (page, MCID), walking the tree.
      const owners = new Map<string, string[]>();
      const walk = (ref: PDFObject, page: PDFObject | undefined): void => {
        const elem = ref instanceof PDFRef ? context.lookup(ref) : ref;
        if (!(elem instanceof PDFDict)) return;
        const pg = elem.get(PDFName.of('Pg')) ?? page;
        const k = elem.get(PDFName.of('K'));
        const kids = k instanceof PDFArray ? k.asArray() : k ? [k] : [];
        for (const kid of kids) {
          const d = kid instanceof PDFRef ? context.lookup(kid) : kid;
          if (kid instanceof PDFNumber) owners.set(`${pg} ${kid.asNumber()}`, [...(owners.get(`${pg} ${kid.asNumber()}`) ?? []), ref.toString()]);
          else if (d instanceof PDFDict && d.get(PDFName.of('Type')) === PDFName.of('MCR')) {
            const key = `${d.get(PDFName.of('Pg')) ?? pg} ${(d.get(PDFName.of('MCID')) as PDFNumber).asNumber()}`;
            owners.set(key, [...(owners.get(key) ?? []), ref.toString()]);
          } else if (d instanceof PDFDict && d.get(PDFName.of('Type')) !== PDFName.of('OBJR')) walk(kid, pg);
        }
      };
      walk(root, undefined);
      const nums = (root.lookup(PDFName.of('ParentTree')) as PDFDict).lookup(PDFName.of('Nums')) as PDFArray;
      const parents = new Map<number, PDFArray>();
      for (let i = 0; i + 1 < nums.size(); i += 2) {
        const value = nums.lookup(i + 1);
        if (value instanceof PDFArray) parents.set((nums.get(i) as PDFNumber).asNumber(), value);
      }
      let drawn = 0;
      for (const page of doc.getPages()) {
        const text = contentRefs(page).map((r) => Buffer.from(streamBytes(context.lookup(r) as PDFRawStream)).toString('latin1')).join('\n');
        const ids = [...text.matchAll(/\/MCID (\d+)/g)].map((m) => Number(m[1]));
        expect(new Set(ids).size, 'each MCID drawn once').toBe(ids.length);
        const array = parents.get((page.node.get(PDFName.of('StructParents')) as PDFNumber).asNumber())!;
        for (const id of ids) {
          const who = owners.get(`${page.ref} ${id}`) ?? [];
          expect(who, `MCID ${id} on ${page.ref}`).toHaveLength(1);
          expect(array.get(id)?.toString(), `parent tree for MCID ${id}`).toBe(who[0]);
          drawn++;
        }
      }
      expect(drawn).toBeGreaterThan(10);
      // And no element references marked content no page draws (a joined-away MCID).
      expect([...owners.keys()].length).toBe(drawn);
    });
  }
});
