import { defineConfig } from 'vitest/config';

const shared = {
  pool: 'forks' as const,
  testTimeout: 60_000,
  hookTimeout: 180_000,
  env: { PACT_DO_NOT_TRACK: 'true', KAFKAJS_NO_PARTITIONER_WARNING: '1' },
};

export default defineConfig({
  // Workspaces import each other's TypeScript sources (never a possibly stale dist/).
  resolve: { conditions: ['tracegate-source'] },
  ssr: { resolve: { conditions: ['tracegate-source'], externalConditions: ['tracegate-source'] } },
  test: {
    reporters: process.env.CI ? ['default', 'junit'] : ['default'],
    outputFile: { junit: 'reports/vitest-junit.xml' },
    projects: [
      {
        extends: true,
        test: {
          ...shared,
          name: 'unit',
          include: ['*/src/**/*.test.ts', 'contract-tests/{consumers,provider}/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          ...shared,
          name: 'integration',
          include: ['*/test/**/*.test.ts'],
          globalSetup: ['harness/src/testing/global-setup.ts'],
        },
      },
    ],
  },
});
