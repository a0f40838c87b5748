import { defineConfig } from 'vitest/config'
import { TEST_CLOCK_ENV } from './tests/helpers/clock'

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/crash/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // every test, and every CLI or bridge process a test starts, runs on the same fixed clock
    env: { ...TEST_CLOCK_ENV }
  }
})
