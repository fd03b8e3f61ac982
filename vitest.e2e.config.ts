import { defineConfig } from 'vitest/config';

// Browser tests drive the built extension in Debian's Chromium (and Firefox ESR); one browser at a time.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
    reporters: ['verbose'],
  },
});
