import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Tests that prove linear time by measuring growth ratios. They run after everything else, one
 * file at a time, so no neighbouring test competes for the two cores while they time.
 */
const GROWTH_TESTS = [
  'test/unit/adversarial/**/*.test.ts',
  'test/unit/metrics/linear-growth.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'behaviour',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...GROWTH_TESTS],
        },
      },
      {
        extends: true,
        test: {
          name: 'growth',
          include: GROWTH_TESTS,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
