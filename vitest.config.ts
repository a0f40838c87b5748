import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'tests/unit/**/*.test.ts',
      // renderer components: jsdom, chosen per file with a `// @vitest-environment jsdom` first line
      'tests/unit/**/*.test.tsx',
      'tests/integration/**/*.test.ts',
      'tests/crash/**/*.test.ts'
    ],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // fresh workspaces seed the built-in schemes: load their parsers once per test file
    setupFiles: ['tests/helpers/load-builtins.ts'],
    // every test, and every CLI or bridge process a test starts, runs on the same fixed clock: TEST_NOW of
    // tests/helpers/clock.ts (tests/unit/main/clock.test.ts checks that the two agree)
    env: { AUDITOR_WORKBENCH_CLOCK: '2026-11-24T09:00:00.000Z' }
  }
})
