/**
 * "Kill it in the middle of the writes": the local runtime (`bin/local.ts`, as `npm start` runs
 * it, database on disk under a fresh LOCAL_DATA_DIR) takes concurrent writes (creates, and a
 * comment for every three of them) with a webhook
 * subscriber listening; after `killAfter` acknowledged writes it is killed with SIGKILL (its
 * DynamoDB Local child is left orphaned, as after an OOM kill), started again on the same data
 * dir, and the rest of the writes are made. Then every change in the table (the audit trail,
 * GET /v1/events: whatever committed, including writes whose answer the kill cut off) must reach
 * the webhook, each CloudEvent id once.
 *
 * Used by test/e2e/restart.test.ts and bench/restart.ts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '#shared/local/dynamodb-local.ts';
import { loadIssuer } from '#shared/local/issuer.ts';
import { startReceiver } from './webhook-receiver.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface RestartScenarioOptions {
  readonly writes: number;
  /** Acknowledged writes before the SIGKILL. */
  readonly killAfter: number;
  readonly concurrency?: number;
  /** How long the pipeline may take to deliver everything after the restart (default 120 s). */
  readonly deliveryTimeoutMs?: number;
}

export interface RestartScenarioResult {
  readonly writes: number;
  readonly concurrency: number;
  /** Writes answered 2xx before the kill / after the restart. */
  readonly acknowledged_before_kill: number;
  readonly acknowledged_after_restart: number;
  /** Requests the kill cut off (they may or may not have committed: the audit trail decides). */
  readonly cut_off_by_kill: number;
  /** Writes answered with anything but 2xx while the runtime was up (should be 0). */
  readonly failed: number;
  /** Changes in the table (timeline entries), each one event. */
  readonly changes: number;
  readonly delivered_distinct: number;
  readonly missing: number;
  readonly missing_ids: string[];
  /** Webhook requests answered 2xx for an event id already delivered. */
  readonly duplicates: number;
  readonly duplicate_ids: string[];
  /** Events delivered that are not changes in the table (should be 0). */
  readonly unexpected: number;
  /** The DynamoDB Local the killed runtime left behind was stopped by the restarted one. */
  readonly orphan_stopped: boolean;
  /** SIGKILL → the restarted runtime answers /health. */
  readonly restart_ms: number;
  /** Restarted runtime up → every change delivered. */
  readonly catch_up_ms: number;
}

export interface LocalChild {
  readonly process: ChildProcess;
  output(): string;
}

/** `npm start` as a child process on `dataDir` (kept on disk), answering on `port` once /health is up. */
export async function startChild(dataDir: string, port: number, env: Record<string, string> = {}): Promise<LocalChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), LOCAL_DATA_DIR: dataDir, POWERTOOLS_LOG_LEVEL: 'ERROR', LOCAL_IN_MEMORY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  child.stderr.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`local runtime exited early:\n${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`local runtime did not start within 150 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { process: child, output: () => output };
}

export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Stops a runtime gracefully (SIGTERM, then SIGKILL after 10 s). */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  child.kill('SIGTERM');
  await exited(child);
  clearTimeout(timer);
}

function dynamoPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(dataDir, 'dynamodb', 'dynamodb-local.pid'), 'utf8').trim());
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Running (a zombie, exited but not reaped where nothing reaps orphans, does not count). */
function running(pid: number): boolean {
  const state = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout?.trim() ?? '';
  return state !== '' && !state.startsWith('Z');
}

/** The DynamoDB Local a killed runtime left behind, if still running (only on failure paths). */
export function killOrphan(dataDir: string): void {
  const pid = dynamoPid(dataDir);
  try {
    if (pid) process.kill(pid, 'SIGKILL');
  } catch {
    // none left
  }
}

export async function runRestartScenario(options: RestartScenarioOptions): Promise<RestartScenarioResult> {
  const concurrency = options.concurrency ?? 8;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'incident-restart-'));
  const port = await freePort();
  const receiver = await startReceiver();
  let current: LocalChild | undefined;
  try {
    current = await startChild(dataDir, port);
    const base = `http://127.0.0.1:${port}`;
    const issuer = await loadIssuer(dataDir);
    const admin = await issuer.sign({ role: 'admin', username: 'restart-admin' });
    const responder = await issuer.sign({ role: 'responder', username: 'restart' });
    const viewer = await issuer.sign({ role: 'viewer', username: 'restart-viewer' });
    const subscription = await fetch(`${base}/v1/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'webhook', target: receiver.url }),
    });
    if (subscription.status !== 201) throw new Error(`subscription: ${subscription.status} ${await subscription.text()}`);

    let next = 0;
    let killed = false;
    let before = 0;
    let after = 0;
    let cutOff = 0;
    let failed = 0;
    let killedAt = 0;
    const create = (i: number) =>
      fetch(`${base}/v1/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${responder}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `restart ${i}`, severity: 'high', affected_services: ['restart'] }),
      });
    const firstRun = current;
    // Every fourth write comments on the incident this writer created last (one writer per
    // incident, so no two writes race on one incident); the others create incidents.
    const comment = (id: string, i: number) =>
      fetch(`${base}/v1/incidents/${id}/comments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${responder}`, 'content-type': 'application/json' },
        body: JSON.stringify({ body: `restart comment ${i}` }),
      });
    const writer = async (phase: 'before' | 'after') => {
      let lastId: string | undefined;
      while (next < options.writes && !(phase === 'before' && killed)) {
        const i = next++;
        try {
          const commenting = i % 4 === 3 && lastId !== undefined;
          const res = commenting ? await comment(lastId as string, i) : await create(i);
          const text = await res.text();
          if (!commenting && res.status === 201) lastId = String((JSON.parse(text) as { id: string }).id);
          if (res.status >= 300) failed += 1;
          else if (phase === 'before' && !killed) {
            before += 1;
            if (before >= options.killAfter && !killed) {
              killed = true;
              killedAt = Date.now();
              firstRun.process.kill('SIGKILL');
            }
          } else if (phase === 'after') after += 1;
          else cutOff += 1; // answered, but after the kill was decided: counted with the cut-off ones
        } catch {
          if (phase === 'before' && killed) cutOff += 1;
          else throw new Error(`write ${i} failed while the runtime was up`);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, () => writer('before')));
    await exited(firstRun.process);
    if (!killed) killedAt = Date.now();
    const orphan = dynamoPid(dataDir);
    current = await startChild(dataDir, port);
    const orphanStopped = orphan !== undefined && orphan !== dynamoPid(dataDir) && !running(orphan);
    const up = Date.now();
    await Promise.all(Array.from({ length: concurrency }, () => writer('after')));

    // Every change in the table, from the audit trail.
    const changes = new Set<string>();
    let cursor: string | null = null;
    do {
      const query: string = `/v1/events?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await fetch(`${base}${query}`, { headers: { authorization: `Bearer ${viewer}` } });
      if (res.status !== 200) throw new Error(`GET ${query}: ${res.status} ${await res.text()}`);
      const page = (await res.json()) as { items: { id: string }[]; next_cursor: string | null };
      for (const item of page.items) changes.add(item.id);
      cursor = page.next_cursor;
    } while (cursor);

    const deliveredIds = () => new Set(receiver.delivered().map((r) => String(r.headers['ce-id'])));
    const timeout = options.deliveryTimeoutMs ?? 120_000;
    await receiver.waitFor(() => [...changes].every((id) => deliveredIds().has(id)), timeout).catch(() => undefined);
    const caughtUp = Date.now();
    // Late duplicates (a redelivered message) would arrive now.
    await new Promise((r) => setTimeout(r, 1500));

    const counts = new Map<string, number>();
    for (const request of receiver.delivered()) {
      const id = String(request.headers['ce-id']);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const missing = [...changes].filter((id) => !counts.has(id));
    const duplicates = [...counts].filter(([, n]) => n > 1);
    return {
      writes: options.writes,
      concurrency,
      acknowledged_before_kill: before,
      acknowledged_after_restart: after,
      cut_off_by_kill: cutOff,
      failed,
      changes: changes.size,
      delivered_distinct: counts.size,
      missing: missing.length,
      missing_ids: missing.slice(0, 20),
      duplicates: duplicates.reduce((sum, [, n]) => sum + n - 1, 0),
      duplicate_ids: duplicates.slice(0, 20).map(([id]) => id),
      unexpected: [...counts.keys()].filter((id) => !changes.has(id)).length,
      orphan_stopped: orphanStopped,
      restart_ms: up - killedAt,
      catch_up_ms: caughtUp - up,
    };
  } catch (error) {
    if (current) (error as Error).message += `\n--- runtime output ---\n${current.output().slice(-4000)}`;
    throw error;
  } finally {
    if (current) await stopChild(current.process);
    killOrphan(dataDir);
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
