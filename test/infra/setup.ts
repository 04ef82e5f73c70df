/**
 * Per test file of the infra tier: every App synthesizes into one temporary directory
 * (CDK_OUTDIR, which App reads when no outdir is given) that is removed after the file, so a run
 * leaves no `cdk.out*` folders behind; esbuild bundling is silent (INCIDENT_BUNDLING_LOG_LEVEL,
 * read by lib/constructs/service-function.ts) and CDK's "Bundling asset …" progress lines are
 * dropped, so the output shows only the tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const outdir = mkdtempSync(path.join(tmpdir(), 'incident-infra-'));
process.env.CDK_OUTDIR = outdir;
process.env.INCIDENT_BUNDLING_LOG_LEVEL = 'silent';

const write = process.stderr.write.bind(process.stderr);
process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  if (typeof chunk === 'string' && /^Bundling asset .*\.\.\.\s*$/.test(chunk)) return true;
  return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
});

afterAll(() => {
  process.stderr.write = write;
  rmSync(outdir, { recursive: true, force: true });
});
