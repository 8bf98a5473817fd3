/**
 * The document metadata a user may set, in Markdown front matter, in a sidecar file or in the
 * project config. One schema (zod) so each place reports a wrong key the same way.
 */
import { z } from 'zod';
import { MatnError } from '../errors.js';
import { ISO_DATE } from '../dates.js';

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .refine((v) => ISO_DATE.test(v), { message: 'a date must be written YYYY, YYYY-MM or YYYY-MM-DD' });

export const metadataSchema = z
  .object({
    title: z.string().min(1).optional(),
    author: z.string().optional(),
    publisher: z.string().optional(),
    subject: z.string().optional(),
    description: z.string().optional(),
    keywords: z.union([z.string(), z.array(z.string())]).optional(),
    lang: z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'lang must be a language tag such as "ar" or "ar-EG"').optional(),
    date: isoDate.optional(),
    modified: isoDate.optional(),
  })
  .strict();

export type MetadataInput = z.infer<typeof metadataSchema>;

/** Turn zod issues into one readable line each: `key: problem`. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : '(top level)';
      if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

export function parseMetadata(value: unknown, file: string, what: 'front-matter' | 'sidecar' | 'config'): MetadataInput {
  const result = metadataSchema.safeParse(value ?? {});
  if (!result.success) throw new MatnError(what, file, `${what === 'front-matter' ? 'front matter' : what}: ${formatIssues(result.error)}`);
  return result.data;
}
