import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // Suites start real servers (and PostgreSQL, Janus) in beforeAll; on two busy cores that has
    // taken over 10 s, which failed whole files before a single test ran.
    hookTimeout: 60_000,
  },
});
