import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const alias = {
  '@': root,
  // `server-only` throws outside a React Server bundle; under vitest the modules run in Node.
  'server-only': fileURLToPath(new URL('./test/server-only-stub.ts', import.meta.url)),
};

export default defineConfig({
  test: {
    // A focused `it.only` left in a commit would silently skip the rest of the suite in CI.
    allowOnly: !process.env.CI,
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: [
            'lib/**/*.test.ts',
            'components/**/*.test.ts',
            'scripts/**/*.test.ts',
            'test/support/**/*.test.ts',
            // The bench's pure helpers (growth exponents, kubectl tables); the benchmarks themselves are
            // *.bench.test.ts in the 'bench' project below.
            'bench/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, 'bench/**/*.bench.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/global-setup.ts'],
          setupFiles: ['test/integration/setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          // Benchmarks (npm run bench), not tests: they measure and write bench/results/*.tmp.json.
          name: 'bench',
          include: ['bench/**/*.bench.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
        },
      },
    ],
  },
});
