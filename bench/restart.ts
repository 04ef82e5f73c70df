/**
 * Restart without loss: the local runtime (`bin/local.ts`, database on disk) is killed with
 * SIGKILL in the middle of 500 writes, started again on the same data dir, and the rest of the
 * writes are made. Goal: every change's event delivered to a webhook subscriber, none twice (by
 * CloudEvent id). The scenario itself is test/support/restart-scenario.ts (the e2e test runs a
 * smaller version of it).
 *
 * Environment: BENCH_RESTART_WRITES (default 500; 150 with BENCH_QUICK=1), BENCH_RESTART_CONCURRENCY (default 8).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runRestartScenario, type RestartScenarioResult } from '../test/support/restart-scenario.ts';

export async function benchRestart(): Promise<RestartScenarioResult & Record<string, unknown>> {
  const writes = Number(process.env.BENCH_RESTART_WRITES ?? (process.env.BENCH_QUICK === '1' ? 150 : 500));
  const concurrency = Number(process.env.BENCH_RESTART_CONCURRENCY ?? 8);
  const result = await runRestartScenario({ writes, killAfter: Math.floor(writes / 2), concurrency });
  return { ...result, goal: { missing_at_most: 0, duplicates_at_most: 0, met: result.missing === 0 && result.duplicates === 0 && result.unexpected === 0 } };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchRestart(), null, 2));
}
