import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores: forks keep crypto and http work off each other's event loops.
    pool: 'forks',
    // One PGlite seed dump per machine (node_modules/.cache): store tests load it instead of initialising PGlite.
    globalSetup: ['./test/setup/pglite-seed.ts'],
    // A passing run prints its summary only (test/support/quiet-reporter.ts); `--reporter=default` lists every file.
    // In CI, also write a JSON summary; .ci/run prints its closing "N passed, N failed" line from it.
    reporters: process.env.CI ? ['./test/support/quiet-reporter.ts', 'json'] : ['./test/support/quiet-reporter.ts'],
    // Console output of passing tests is noise; a failing test's is printed with it.
    silent: 'passed-only',
    outputFile: { json: 'test-results.json' },
    // `npm run coverage`: statement/branch/function/line coverage of the hand-written sources.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/generated/**'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
    },
  },
})
