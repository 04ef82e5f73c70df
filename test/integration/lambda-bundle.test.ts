/**
 * A handler bundled exactly as it deploys (lib/bundling.ts) runs in a fresh node process, takes
 * its credentials from the environment as in Lambda, and answers from DynamoDB Local.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { bundlingDefaults } from '#lib/bundling.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a deployable handler bundle', () => {
  it('carries only the environment credential provider and serves /health from the table', async () => {
    const result = await build({
      ...bundlingDefaults,
      mainFields: [...bundlingDefaults.mainFields],
      banner: { js: bundlingDefaults.banner },
      entryPoints: [path.join(root, 'functions/system/get-health.ts')],
      bundle: true,
      outfile: path.join(dir, 'index.mjs'),
      metafile: true,
      logLevel: 'error',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes('credential-provider-sso') || p.includes('nested-clients'))).toBe(false);
    expect(inputs.some((p) => p.endsWith('shared/aws/lambda-credentials.ts'))).toBe(true);

    const script = path.join(dir, 'invoke.mjs');
    writeFileSync(
      script,
      `const { handler } = await import('./index.mjs');
       const res = await handler({ version: '2.0', rawPath: '/health', headers: {}, requestContext: { requestId: 'r', http: { method: 'GET', path: '/health' } } }, { awsRequestId: 'r', functionName: 'health', getRemainingTimeInMillis: () => 1000 });
       process.stdout.write(JSON.stringify(res));`,
    );
    const output = execFileSync(process.execPath, [script], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        TABLE_NAME: process.env.TABLE_NAME,
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL_DYNAMODB: process.env.AWS_ENDPOINT_URL_DYNAMODB,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_SESSION_TOKEN: 'session',
        POWERTOOLS_LOG_LEVEL: 'ERROR',
        POWERTOOLS_METRICS_DISABLED: 'true',
      },
    }).toString();
    const res = JSON.parse(output) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', checks: { table: { status: 'ok' } } });
  }, 60_000);
});
