import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Browser tests share one machine's two cores; keep files from starving each other.
    maxWorkers: 2,
    // Every test shapes and cuts fonts for real: the font cache (font-cache.ts) is off but in its own test.
    env: { MATN_CACHE: 'off' },
  },
});
