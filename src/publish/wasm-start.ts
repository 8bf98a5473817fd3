/**
 * How V8 compiles the WebAssembly modules a build loads (HarfBuzz's shaper and subsetter, the
 * WOFF2 decoder). By default V8 starts each function with its baseline compiler (Liftoff) and
 * recompiles the hot ones with TurboFan on background threads. For HarfBuzz that recompilation
 * costs ~0.5 s of CPU, on a 2-core machine taken from the page's own work: a one-page build with
 * a cold font cache took 0.86–0.93 s, and 0.45–0.53 s with Liftoff alone. It pays off from about
 * six pages whose fonts are cut (six different documents: the same either way; forty: 5.9 s with
 * TurboFan, 7.1 s without). Measured with HTML builds of the seed, of the seed and corpus, and of
 * 40 fixtures, the font cache emptied before each (README, "Cold builds").
 *
 * So a build of a few documents asks for Liftoff alone, before any module is compiled; a larger
 * build, watch mode (the process goes on building) and any process that compiled a module
 * already keep V8's default. V8 reads the flag when it compiles a module, so it changes nothing
 * that is compiled already; it stays set for the rest of the process.
 */
import { setFlagsFromString } from 'node:v8';

/** Builds of at most this many documents start WebAssembly with Liftoff alone. */
export const QUICK_START_DOCUMENTS = 6;

let decided = false;

/** Chooses the compiler once per process, for a build of `documents` documents. */
export function chooseWasmCompiler(documents: number, { watching }: { watching: boolean }): void {
  if (decided) return;
  decided = true;
  if (watching || documents > QUICK_START_DOCUMENTS || documents === 0) return;
  setFlagsFromString('--liftoff-only');
}
