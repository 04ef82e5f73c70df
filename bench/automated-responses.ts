/**
 * Incident created → automated response started, in local mode: the whole chain of the real local
 * runtime (HTTP create → DynamoDB Local transaction → stream poller → publisher → in-process bus →
 * automation queue → reactor → conditional put of the execution → signed webhook POST to a
 * receiver on 127.0.0.1).
 *
 * `benchAutomatedResponses()` runs the measurement in a child process (the runtime sets the process
 * environment, read once by the handlers' modules) and returns its result. Goal: p99 ≤ 5 s.
 *
 * Reported, per incident: `from_request` = webhook received − create request sent (the goal's
 * measure); `from_commit` = webhook received − create response received. `twice` counts incidents
 * whose webhook arrived more than once (must be 0).
 *
 * Environment: BENCH_AUTO_INCIDENTS (default 100; 20 with BENCH_QUICK=1), BENCH_AUTO_CONCURRENCY (default 4).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const AUTOMATION_GOAL_P99_MS = 5000;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

function stats(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const r = (v: number) => Math.round(v * 10) / 10;
  return { n: sorted.length, min: r(sorted[0] ?? NaN), p50: r(percentile(sorted, 50)), p90: r(percentile(sorted, 90)), p99: r(percentile(sorted, 99)), max: r(sorted[sorted.length - 1] ?? NaN) };
}

/** The measurement itself (runs in the child process). */
async function measure(): Promise<Record<string, unknown>> {
  const incidents = Number(process.env.BENCH_AUTO_INCIDENTS ?? (process.env.BENCH_QUICK === '1' ? 20 : 100));
  const concurrency = Number(process.env.BENCH_AUTO_CONCURRENCY ?? 4);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-auto-'));
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const { startLocalRuntime } = await import('#shared/local/runtime.ts');
  const { freePort } = await import('#shared/local/dynamodb-local.ts');
  const { loadIssuer } = await import('#shared/local/issuer.ts');
  const runtime = await startLocalRuntime({ root: ROOT, dataDir, port: await freePort(), host: '127.0.0.1', inMemory: true });

  const received = new Map<string, number>();
  const count = new Map<string, number>();
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { incident: { id: string } };
      const id = body.incident.id;
      if (!received.has(id)) received.set(id, at);
      count.set(id, (count.get(id) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  const hook = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;

  try {
    const issuer = await loadIssuer(dataDir);
    const admin = await issuer.sign({ role: 'admin', username: 'bench-admin' });
    const responder = await issuer.sign({ role: 'responder', username: 'bench' });
    const post = async (p: string, token: string, body: unknown) => {
      const res = await fetch(`${runtime.url}${p}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await res.json()) as Record<string, unknown>;
      if (res.status >= 300) throw new Error(`${p}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    await post('/v1/automated_responses', admin, { name: 'bench hook', conditions: { services: ['bench'] }, action: { type: 'webhook', url: hook, secret: 'whsec_bench_0123456789' } });

    // Warm-up: loads the handlers and the pipeline's modules (no rule matches these).
    for (let i = 0; i < 5; i++) await post('/v1/incidents', responder, { title: `warm-up ${i}`, severity: 'low', affected_services: ['warm-up'] });

    const sent = new Map<string, { request: number; response: number }>();
    let next = 0;
    const worker = async () => {
      while (next < incidents) {
        next += 1;
        const request = performance.now();
        const incident = await post('/v1/incidents', responder, { title: 'bench automation', severity: 'high', affected_services: ['bench'] });
        sent.set(String(incident.id), { request, response: performance.now() });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const deadline = Date.now() + 60_000;
    while (received.size < sent.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 500));

    const fromRequest: number[] = [];
    const fromCommit: number[] = [];
    for (const [id, t] of sent) {
      const at = received.get(id);
      if (at === undefined) continue;
      fromRequest.push(at - t.request);
      fromCommit.push(at - t.response);
    }
    const e2e = stats(fromRequest);
    const twice = [...count.values()].filter((n) => n > 1).length;
    return {
      incidents: sent.size,
      started: fromRequest.length,
      lost: sent.size - fromRequest.length,
      twice,
      concurrency,
      from_request_ms: e2e,
      from_commit_ms: stats(fromCommit),
      goal: { p99_ms_at_most: AUTOMATION_GOAL_P99_MS, met: fromRequest.length === sent.size && twice === 0 && e2e.p99 <= AUTOMATION_GOAL_P99_MS },
      local_settings: { stream_poll_interval_ms: 100, queue_ms_per_second: Number(process.env.LOCAL_QUEUE_MS_PER_SECOND ?? 20) },
    };
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs the measurement in a child process and returns its result. */
export async function benchAutomatedResponses(): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child'], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const line = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`automated-responses benchmark failed (exit ${code}):\n${err.slice(-2000)}`);
  return JSON.parse(line) as Record<string, unknown>;
}

if (process.argv.includes('--child')) {
  measure().then(
    (result) => {
      console.log(JSON.stringify(result));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchAutomatedResponses(), null, 2));
}
