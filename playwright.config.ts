import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './scripts/lib/chromium.mjs';

/** The dashboard under test listens here (started by e2e/global-setup.ts). */
export const e2ePort = Number(process.env.TOKENSCOPE_E2E_PORT ?? 3217);

/** A spec that starts its own dashboard listens on e2ePort + n, so two checkouts with different
 * TOKENSCOPE_E2E_PORT values never share a port (serving.spec uses +6 for HTTPS). */
export const sidePort = (n: number): number => e2ePort + n;

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  // A test.only left in a commit would silently skip the rest of the suite.
  forbidOnly: !!process.env.CI,
  projects: [
    // The custody audit runs after the specs, whichever ran (all, one file, or one test by line).
    { name: 'e2e', testMatch: '**/*.spec.ts', teardown: 'custody' },
    { name: 'custody', testMatch: '**/custody.teardown.ts' },
  ],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/e2e',
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${e2ePort}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
  },
});
