/**
 * The document's images in the EPUB (src/render/images.ts resolves them for every output): each
 * distinct image once under EPUB/images/, and whether every image the book shows is described.
 */
import type { Root } from 'hast';
import type { MatnDocument } from '../../pipeline.js';
import { eachImage, imageWarnings, placeImages, type ImageFile } from '../images.js';

export const IMAGES_DIR = 'images';

export interface PackedImage {
  id: string;
  /** Inside the EPUB folder: "images/image-1.png". */
  href: string;
  image: ImageFile;
}

/**
 * The document's images as files of the EPUB (each distinct image once), the tree's `img`
 * elements pointing at them from the content documents' folder; an image of a type that is not
 * one of EPUB's core media types (AVIF) is shown as its alternative text, with a warning.
 */
export function packImages(tree: Root, doc: MatnDocument, warnings: Set<string>): PackedImage[] {
  const packed = new Map<string, PackedImage>();
  const own = placeImages(
    tree,
    doc,
    (image) => {
      if (!image.epubCore) return { omit: `is ${image.mediaType}, not one of EPUB 3's core media types, which every reading system shows` };
      let item = packed.get(image.sha256);
      if (!item) {
        const n = packed.size + 1;
        item = { id: `image-${n}`, href: `${IMAGES_DIR}/image-${n}.${image.extension}`, image };
        packed.set(image.sha256, item);
      }
      return `../${item.href}`;
    },
    'EPUB',
  );
  for (const w of [...imageWarnings(doc), ...own]) warnings.add(w);
  return [...packed.values()];
}

/** Images the book shows with no alternative text (the cover's is always written). */
export function undescribedImages(tree: Root): number {
  let n = 0;
  eachImage(tree, (img) => {
    if (!String(img.properties.alt ?? '').trim()) n++;
  });
  return n;
}
