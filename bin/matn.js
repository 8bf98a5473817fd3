#!/usr/bin/env node
// The matn command. `npm ci` compiles src/ to lib/ (the "prepare" script).
import { main } from '../lib/cli/main.js';

await main();
