import { readFileSync } from 'node:fs';

/** matn's version, from package.json (part of every artifact's cache key). */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
