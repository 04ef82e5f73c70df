/**
 * Incident created → first page delivered, through the whole local runtime (issue 9's goal:
 * p99 ≤ 5 s locally). Runs in its own child process (`runInChild`): the runtime sets the process
 * environment that the handlers read once.
 *
 * The chain measured: HTTP create → DynamoDB Local transaction → stream poller → publisher →
 * in-process bus → escalation consumer (policy copied, step 1 run: the schedule's on-call person)
 * → notifications → delivery → the person's Slack target, a receiver on 127.0.0.1. The person's
 * preferences filter out every event on purpose, so each request the receiver gets is a page.
 *
 * Reported per incident: `from_request` = first page received − create request sent.
 * Incidents are created one after another (a page is what a single outage produces); a second
 * run with 4 concurrent creators is reported for the contended case, not judged.
 */
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mapLimit, round, summarize } from './stats.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PAGING_GOAL_P99_MS = 5000;
const INCIDENT_ID = /INC-\d{8}-\d{4,}/;

export interface PagingArgs {
  readonly incidents: number;
}

export async function benchPaging(args: PagingArgs): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-paging-'));
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const { startLocalRuntime } = await import('#shared/local/runtime.ts');
  const { freePort } = await import('#shared/local/dynamodb-local.ts');
  const { loadIssuer } = await import('#shared/local/issuer.ts');
  const runtime = await startLocalRuntime({ root: ROOT, dataDir, port: await freePort(), host: '127.0.0.1', inMemory: true });

  const firstPage = new Map<string, number>();
  let pages = 0;
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      pages += 1;
      const id = INCIDENT_ID.exec(Buffer.concat(chunks).toString('utf8'))?.[0];
      if (id && !firstPage.has(id)) firstPage.set(id, at);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  const slack = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/slack`;

  try {
    const issuer = await loadIssuer(dataDir);
    const admin = await issuer.sign({ role: 'admin', username: 'bench-admin' });
    const responder = await issuer.sign({ role: 'responder', username: 'bench' });
    const send = async (method: string, p: string, token: string, body: unknown) => {
      const res = await fetch(`${runtime.url}${p}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await res.json()) as Record<string, unknown>;
      if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const person = 'bench-oncall';
    await send('PUT', `/v1/users/${person}/notification_preferences`, admin, { enabled: true, channels: [{ channel: 'slack', target: slack }], event_types: ['component.status_changed'] });
    const schedule = await send('POST', '/v1/schedules', admin, {
      name: 'Bench rotation',
      rotations: [{ participants: [person], shift_type: 'weekly', start: new Date(Date.now() - 3_600_000).toISOString().slice(0, 16), time_zone: 'UTC' }],
    });
    await send('POST', '/v1/teams', admin, { id: 'bench-team', name: 'Bench team', members: [person], schedule_id: schedule.id });
    await send('POST', '/v1/escalation_policies', admin, { name: 'Bench policy', conditions: { teams: ['bench-team'] }, steps: [{ delay_minutes: 0, targets: [{ type: 'schedule', id: schedule.id }] }], repeat: 0 });

    const run = async (count: number, concurrency: number, label: string) => {
      const sent = new Map<string, number>();
      await mapLimit(Array.from({ length: count }, (_, i) => i), concurrency, async (i) => {
        const request = performance.now();
        const incident = await send('POST', '/v1/incidents', responder, { title: `Bench paging ${label} ${i}`, severity: 'critical', assigned_team: 'bench-team' });
        sent.set(String(incident.id), request);
      });
      const deadline = Date.now() + 60_000;
      while ([...sent.keys()].some((id) => !firstPage.has(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const latencies = [...sent].flatMap(([id, at]) => (firstPage.has(id) ? [(firstPage.get(id) as number) - at] : []));
      return { incidents: sent.size, paged: latencies.length, not_paged: sent.size - latencies.length, concurrency, from_request_ms: summarize(latencies) };
    };

    await run(5, 1, 'warm-up');
    const sequential = await run(args.incidents, 1, 'sequential');
    const concurrent = await run(args.incidents, 4, 'concurrent');
    const p99 = sequential.from_request_ms.p99;
    return {
      sequential,
      concurrent,
      pages_received: pages,
      goal: { p99_ms_at_most: PAGING_GOAL_P99_MS, measured_p99_ms: round(p99, 1), met: sequential.not_paged === 0 && p99 <= PAGING_GOAL_P99_MS },
    };
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
