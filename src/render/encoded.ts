/**
 * An artifact's bytes with their SHA-256, for writers that can produce both more cheaply than
 * encoding a string and hashing it whole.
 *
 * Every standalone HTML page carries the same ~380 KB of CSS (the Amiri faces as data URIs)
 * between a short head and the document's own markup. Encoding that string to UTF-8 and hashing
 * it again for every page cost more than parsing the document. `ConstantPart` keeps the constant
 * text's bytes once and, when the head before it repeats (it does when the page's style comes
 * before anything document-specific), the SHA-256 state after head + constant, so a page costs
 * only its own bytes.
 */
import { createHash, type Hash } from 'node:crypto';

export interface EncodedArtifact {
  /** The bytes, in pieces (written out one after another; the constant piece is shared, not copied). */
  chunks: Buffer[];
  byteLength: number;
  /** SHA-256 of all the bytes, hex. */
  sha256: string;
}

export function isEncodedArtifact(value: unknown): value is EncodedArtifact {
  return typeof value === 'object' && value !== null && 'sha256' in value && 'chunks' in value;
}

/** The artifact's bytes in one buffer. */
export function joinedBytes(artifact: EncodedArtifact): Buffer {
  return artifact.chunks.length === 1 ? artifact.chunks[0]! : Buffer.concat(artifact.chunks, artifact.byteLength);
}

/** Encodes a text to UTF-8 with its SHA-256. */
export function encodeText(text: string): EncodedArtifact {
  const bytes = Buffer.from(text, 'utf8');
  return { chunks: [bytes], byteLength: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A large constant text that many artifacts embed between a head and a tail of their own. */
export class ConstantPart {
  readonly text: string;
  private readonly bytes: Buffer;
  /** The last head seen, and the hash state after it and the constant (one entry: memory stays flat). */
  private last: { head: string; state: Hash } | undefined;

  constructor(text: string) {
    this.text = text;
    this.bytes = Buffer.from(text, 'utf8');
  }

  /** The bytes and SHA-256 of head + constant + tail. */
  encode(head: string, tail: string): EncodedArtifact {
    const headBytes = Buffer.from(head, 'utf8');
    const tailBytes = Buffer.from(tail, 'utf8');
    if (this.last?.head !== head) {
      this.last = { head, state: createHash('sha256').update(headBytes).update(this.bytes) };
    }
    return {
      chunks: [headBytes, this.bytes, tailBytes],
      byteLength: headBytes.byteLength + this.bytes.byteLength + tailBytes.byteLength,
      sha256: this.last.state.copy().update(tailBytes).digest('hex'),
    };
  }
}
