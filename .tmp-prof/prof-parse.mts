import { readSource } from '/work/main/src/read/source.js';
import { processSource } from '/work/main/src/pipeline.js';
const src = await readSource('/work/main/source/france-counter-terrorism.txt');
for (let i = 0; i < 5; i++) processSource(src);
const t0 = performance.now();
for (let i = 0; i < 50; i++) processSource(src);
console.log('per doc ms', (performance.now() - t0) / 50);
