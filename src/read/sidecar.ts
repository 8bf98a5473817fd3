/**
 * A sidecar file `NAME.matn.yaml` next to `NAME.txt` lets a user correct what structure recovery
 * decided, without editing the source: the role of a line, a heading's level, the metadata.
 *
 *   title: …                     # any metadata key (see metadata-schema.ts)
 *   lines:
 *     - line: 12                 # by line number in the source …
 *       role: heading
 *       level: 3
 *     - text: "Opération Chammal"  # … or by the line's exact text (every line with it)
 *       role: paragraph
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { MatnError } from '../errors.js';
import { formatIssues, metadataSchema, type MetadataInput } from './metadata-schema.js';
import type { ForcedRole, LineRule } from '../tree/types.js';
import { SOURCE_EXTENSIONS } from '../parse/readers.js';

const roles = ['title', 'heading', 'paragraph', 'bullet', 'numbered', 'see-more', 'drop', 'keep'] as const satisfies readonly ForcedRole[];

const lineRule = z
  .object({
    line: z.number().int().positive().optional(),
    text: z.string().min(1).optional(),
    role: z.enum(roles),
    level: z.number().int().min(2).max(6).optional(),
  })
  .strict()
  .refine((r) => (r.line === undefined) !== (r.text === undefined), { message: 'give either "line" or "text", not both or neither' })
  .refine((r) => r.level === undefined || r.role === 'heading', { message: '"level" goes with role "heading"' });

const sidecarSchema = metadataSchema.extend({ lines: z.array(lineRule).optional() }).strict();

export type { LineRule };
export interface Sidecar {
  path: string;
  metadata: MetadataInput;
  lines: LineRule[];
}

/** The extension of any kind of source matn reads. */
const SOURCE_SUFFIX = new RegExp(`\\.(${SOURCE_EXTENSIONS.join('|')})$`, 'i');

export function sidecarPathFor(sourcePath: string): string {
  return sourcePath.replace(SOURCE_SUFFIX, '') + '.matn.yaml';
}

/** Reads the sidecar of a source, or undefined when it has none (synchronously: a sidecar is a few lines). */
export function readSidecarSync(sourcePath: string): Sidecar | undefined {
  const path = sidecarPathFor(sourcePath);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MatnError('sidecar', path, `cannot be read (${(error as Error).message})`);
  }
  return parseSidecar(text, path);
}

export function parseSidecar(text: string, path: string): Sidecar {
  let value: unknown;
  try {
    value = parseYaml(text) ?? {};
  } catch (error) {
    throw new MatnError('sidecar', path, `is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const result = sidecarSchema.safeParse(value);
  if (!result.success) throw new MatnError('sidecar', path, formatIssues(result.error));
  const { lines = [], ...metadata } = result.data;
  return { path, metadata, lines };
}
