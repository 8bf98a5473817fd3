/**
 * The Unicode bidirectional algorithm's reordering, as much of it as a printed line needs: each
 * run's class (R, L, EN, AN, N) and the logical order of runs given in visual order (rule L2
 * undone). Used by reading-order.ts to put a line's text objects in reading order.
 */
const RTL_LETTER = /(?=\p{L})[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const LETTER = /\p{L}/u;
/** European digits (bidi class EN) and Arabic-Indic digits (AN). */
const EUROPEAN_DIGIT = /[0-9\u06f0-\u06f9]/u;
const ARABIC_DIGIT = /[\u0660-\u0669\u066b\u066c]/u;

/** A run's bidi class: R (right to left), L (left to right), EN / AN (numbers), N (neutral). */
export type RunClass = 'R' | 'L' | 'EN' | 'AN' | 'N';

export function classify(text: string, reversed: boolean): RunClass {
  if (reversed || RTL_LETTER.test(text)) return 'R';
  if (LETTER.test(text)) return 'L';
  if (ARABIC_DIGIT.test(text)) return 'AN';
  if (EUROPEAN_DIGIT.test(text)) return 'EN';
  return 'N';
}

/**
 * The logical order of a line's runs, given in visual order (left to right) with their classes,
 * in a right-to-left paragraph: the indices of the runs in reading order.
 */
export function logicalOrder(classes: RunClass[]): number[] {
  const n = classes.length;
  // W7: a number after left-to-right text (only neutrals and numbers between) is left to right.
  // A left-to-right run reads left to right, so "after" is to the right on the page.
  const types = classes.slice();
  let lastStrong: RunClass = 'R';
  for (let i = 0; i < n; i++) {
    const t = types[i]!;
    if (t === 'R' || t === 'L') lastStrong = t;
    else if (t === 'AN') lastStrong = 'R';
    else if (t === 'EN' && lastStrong === 'L') types[i] = 'L';
  }
  // Resolved on the reading order (right to left on the page) from here.
  const reading = types.slice().reverse();
  // Levels: R 1; L, EN, AN 2; a neutral between two left-to-right runs 2, else 1 (N1, N2:
  // numbers count as right to left for the neutrals around them).
  const strongDir = (t: RunClass): 'L' | 'R' | undefined => (t === 'L' ? 'L' : t === 'N' ? undefined : 'R');
  const levels = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t = reading[i]!;
    if (t === 'R') levels[i] = 1;
    else if (t !== 'N') levels[i] = 2;
    else {
      let a = i - 1;
      while (a >= 0 && reading[a] === 'N') a--;
      let b = i + 1;
      while (b < n && reading[b] === 'N') b++;
      const before = a >= 0 ? strongDir(reading[a]!) : 'R';
      const after = b < n ? strongDir(reading[b]!) : 'R';
      levels[i] = before === 'L' && after === 'L' ? 2 : 1;
    }
  }
  // Back to visual order, then L2: reverse runs of level 2, then the whole line.
  const visualLevels = levels.slice().reverse();
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; ) {
    if (visualLevels[i]! < 2) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && visualLevels[j]! >= 2) j++;
    const run = order.slice(i, j).reverse();
    order.splice(i, j - i, ...run);
    i = j;
  }
  return order.reverse();
}
