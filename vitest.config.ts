import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Three projects: `node` for core, cli, main and integration tests (real keychain, real AWS CLI,
 * loopback STS, Chromium), `app` for the built app's journeys on the Electron stand-in, `dom` for
 * renderer components under jsdom.
 */
export default defineConfig({
  test: {
    // the JSON report feeds `scripts/test-report.mjs` (CI prints the slowest files from it)
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest-report.json' },
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/node/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/reliability/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          // the built app (out/main, out/preload, out/renderer) on the Electron stand-in: one app process per test file
          name: 'app',
          environment: 'node',
          include: ['test/app/**/*.test.ts'],
          // time the journeys need is moved on the test's clock (electron-stand-in/time-shift.ts)
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'dom',
          environment: 'jsdom',
          // a time-out detects a hang, it does not measure speed (benchmarks do): one limit for
          // every project, so a loaded machine makes the suite slower, never red
          testTimeout: 60_000,
          hookTimeout: 60_000,
          include: ['test/renderer/**/*.test.tsx', 'test/renderer/**/*.test.ts'],
        },
      },
    ],
  },
});
