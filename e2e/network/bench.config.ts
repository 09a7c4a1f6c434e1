import { defineConfig } from '@playwright/test';

/**
 * `npm run bench network`: the lab's link-condition matrix (matrix.bench.ts, viewer.bench.ts), which the normal e2e
 * run does not pick up. The lab starts its own Parley inside its namespaces: no webServer here.
 */
export default defineConfig({
  testDir: '.',
  testMatch: ['matrix.bench.ts', 'viewer.bench.ts'],
  workers: 1,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
});
