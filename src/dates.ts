/**
 * Dates every format records, defined once: SOURCE_DATE_EPOCH, the ISO date forms a document may
 * carry (YYYY, YYYY-MM, YYYY-MM-DD), and their time.
 */

/** SOURCE_DATE_EPOCH (whole seconds since 1970) from the environment; undefined when unset or not a number. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env['SOURCE_DATE_EPOCH']?.trim();
  if (!raw || !/^\d+(\.\d+)?$/u.test(raw)) return undefined;
  return Math.floor(Number(raw));
}

/** An ISO 8601 calendar date as documents carry it: YYYY, YYYY-MM or YYYY-MM-DD. */
export const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/u;
