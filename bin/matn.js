#!/usr/bin/env node
// The matn command. `npm ci` compiles src/ to lib/ (the "prepare" script); `npm run dist` and
// `npm test` recompile when a source file is newer.
import '../lib/cli/bin.js';
