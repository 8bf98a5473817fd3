/**
 * `npm run test:unit`: the fast tests, in seconds, while working. Left out: everything that
 * starts a browser, Java (Nu HTML Checker, epubcheck) or a `matn` child process, the fault and
 * property tests, and file watching. `npm test` runs the whole suite.
 */
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      // One module graph per worker: importing the pipeline (line model, fonts, HarfBuzz) again
      // for every file cost most of the time.
      isolate: false,
      exclude: [
        'node_modules/**',
        'test/pdf/lifecycle.test.ts',
        'test/pdf/printer.test.ts',
        'test/pdf/isolation.test.ts',
        'test/pdf/accessibility.test.ts',
        'test/hardening/**',
        'test/cli/build.test.ts',
        'test/cli/book.test.ts',
        'test/cli/watch.test.ts',
        'test/cli/document-workers.test.ts',
        'test/cli/font-cache.test.ts',
        'test/html/render-html.test.ts',
        'test/html/browser.test.ts',
        'test/epub/epubcheck.test.ts',
        'test/render/images-print.test.ts',
      ],
    },
  }),
);
