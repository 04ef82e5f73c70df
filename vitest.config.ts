import { defineConfig } from 'vitest/config';

/**
 * Four tiers, run in this order by `npm test`:
 * - unit: pure domain and HTTP logic, AWS adapters against aws-sdk-client-mock;
 * - integration: stores and use cases on DynamoDB Local (started once per run, free port, in memory);
 * - infra: CDK template assertions and cdk-nag;
 * - e2e: the local server (bin/local.ts) started as a child process and called over HTTP.
 */
const env = {
  POWERTOOLS_DEV: 'true',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  POWERTOOLS_METRICS_DISABLED: 'true',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  TABLE_NAME: 'unit-test-table',
};

export default defineConfig({
  test: {
    env,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          setupFiles: ['test/support/table-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          setupFiles: ['test/infra/setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // One worker, files one after another, sharing the module cache: aws-cdk-lib, cdk-nag
          // and the app's sources load once instead of once per file (190 s → 108 s for the tier
          // on the 2-core machine). The files hold no module state of their own between them: each
          // builds its own App, and test/infra/setup.ts gives each its own CDK_OUTDIR.
          fileParallelism: false,
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/server-global-setup.ts'],
          // One server for the tier; files run one after another so that tests asserting on
          // global aggregates (the summary) see only their own writes.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
