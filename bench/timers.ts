/**
 * Local timers (paging escalation), on DynamoDB Local in a child process:
 * - fire delay: 200 timer items due over the next 3 s, polled by the LocalScheduler; delay = when
 *   the timer function got it − its due time. Goal: p99 ≤ 1 s;
 * - restart: 1,000 timers due over 4 s, a first scheduler stopped after 2 s, a second one started
 *   (the table is the only state). Every firing settles its timer with the conditional write the
 *   timer function uses. Goal: 0 lost, 0 fired twice;
 * - round trips: the real timer function (fireTimer) on 20 escalations whose next step pages a
 *   schedule's on-call, counted with the client's call counter. Goal: ≤ 3 DynamoDB round trips and
 *   ≤ 1 Scheduler call per firing.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Timer } from '#shared/domain/paging/escalation.ts';
import type { TimerPayload } from '#shared/schedule/scheduler.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
const stats = (samples: readonly number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  const r = (v: number) => Math.round(v * 10) / 10;
  return { n: s.length, min: r(s[0] ?? NaN), p50: r(percentile(s, 50)), p90: r(percentile(s, 90)), p99: r(percentile(s, 99)), max: r(s[s.length - 1] ?? NaN) };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(): Promise<Record<string, unknown>> {
  const { startDynamoDbLocal } = await import('#shared/local/dynamodb-local.ts');
  const dynamodb = await startDynamoDbLocal({});
  Object.assign(process.env, { TABLE_NAME: 'bench-timers', AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_METRICS_DISABLED: 'true' });
  try {
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const { ensureTable } = await import('#shared/local/create-table.ts');
    const client = new DynamoDBClient({ endpoint: dynamodb.endpoint });
    await ensureTable(client, 'bench-timers');
    client.destroy();
    const { DynamoEscalationStore } = await import('#shared/store/paging/dynamo-escalation-store.ts');
    const { EscalationWriteRejected } = await import('#shared/store/paging/escalation-store.ts');
    const { LocalScheduler } = await import('#shared/schedule/local-scheduler.ts');
    const { timerName } = await import('#shared/domain/paging/escalation.ts');
    const escalations = new DynamoEscalationStore();

    // Due times start after every item is written (DynamoDB Local takes a few seconds for 1,000).
    const arm = async (prefix: string, count: number, spreadMs: number, leadMs: number): Promise<Timer[]> => {
      const start = Date.now() + leadMs;
      const timers: Timer[] = Array.from({ length: count }, (_, i) => {
        const ref = { incident_id: `INC-${prefix}-${String(i).padStart(4, '0')}`, kind: 'escalation_step' as const, token: `T${prefix}`, seq: 1 };
        return { ...ref, name: timerName(ref), due_at: new Date(start + (i * spreadMs) / count).toISOString(), state: 'pending' as const, armed_at: new Date().toISOString() };
      });
      for (let i = 0; i < timers.length; i += 25) await Promise.all(timers.slice(i, i + 25).map((t) => escalations.commit({ arm: [t] })));
      return timers;
    };
    const acted = new Map<string, number>();
    const lateness: number[] = [];
    const fire = (due: Map<string, string>) => async (p: TimerPayload) => {
      const late = Date.now() - Date.parse(due.get(p.name) ?? '');
      try {
        await escalations.commit({ settle: [{ ref: p, state: 'fired' }] });
        acted.set(p.name, (acted.get(p.name) ?? 0) + 1);
        lateness.push(late);
      } catch (error) {
        if (!(error instanceof EscalationWriteRejected)) throw error;
      }
    };

    // 1. Fire delay over 200 timers.
    const first = await arm('D', 200, 3000, 6000);
    if (Date.parse(first[0]?.due_at ?? '') < Date.now()) throw new Error('arming took longer than the lead time');
    const dueD = new Map(first.map((t) => [t.name, t.due_at]));
    const s1 = new LocalScheduler({ dueTimers: (u, l) => escalations.dueTimers(u, l) });
    s1.start(fire(dueD));
    const deadline1 = Date.now() + 30_000;
    while (first.some((t) => !acted.has(t.name)) && Date.now() < deadline1) await sleep(20);
    await s1.stop();
    const delay = stats(lateness);

    // 2. 1,000 timers, a restart in the middle.
    acted.clear();
    const many = await arm('R', 1000, 4000, 20_000);
    const firstDue = Date.parse(many[0]?.due_at ?? '');
    if (firstDue < Date.now()) throw new Error('arming took longer than the lead time');
    await sleep(firstDue - Date.now());
    const dueR = new Map(many.map((t) => [t.name, t.due_at]));
    const a = new LocalScheduler({ dueTimers: (u, l) => escalations.dueTimers(u, l) });
    a.start(fire(dueR));
    await sleep(2500);
    await a.stop();
    const beforeRestart = acted.size;
    const b = new LocalScheduler({ dueTimers: (u, l) => escalations.dueTimers(u, l) });
    b.start(fire(dueR));
    const deadline2 = Date.now() + 60_000;
    while (many.some((t) => !acted.has(t.name)) && Date.now() < deadline2) await sleep(20);
    await sleep(300);
    await b.stop();
    const lost = many.filter((t) => !acted.has(t.name)).length;
    const twice = [...acted.values()].filter((n) => n > 1).length;

    // 3. Round trips of the real timer function.
    const { SYSTEM_ACTOR } = await import('#shared/domain/incidents/incident.ts');
    const { DynamoIncidentStore } = await import('#shared/store/incidents/dynamo-incident-store.ts');
    const { DynamoPagingStore } = await import('#shared/store/paging/dynamo-paging-store.ts');
    const { createIncident } = await import('#shared/use-cases/incidents/create-incident.ts');
    const { createSchedule } = await import('#shared/use-cases/paging/schedules.ts');
    const { createTeam } = await import('#shared/use-cases/paging/teams.ts');
    const { onCallDirectory } = await import('#shared/use-cases/paging/on-call-directory.ts');
    const { startEscalation } = await import('#shared/use-cases/paging/start-escalation.ts');
    const { fireTimer } = await import('#shared/use-cases/paging/fire-timer.ts');
    const { payloadOf } = await import('#shared/schedule/scheduler.ts');
    const { dynamoCalls, resetDynamoCalls } = await import('#shared/store/client.ts');
    let clock = new Date();
    const pagingDeps = { paging: new DynamoPagingStore(), now: () => clock };
    const incidents = new DynamoIncidentStore();
    let schedulerCalls = 0;
    const deps = { incidents, escalations, directory: onCallDirectory(pagingDeps), scheduler: { arm: () => (schedulerCalls++, Promise.resolve('created' as const)), cancel: () => (schedulerCalls++, Promise.resolve('gone' as const)) }, now: () => clock, speed: 1 };
    const schedule = await createSchedule(pagingDeps, { name: 'bench', rotations: [{ participants: ['alice'], shift_type: 'daily', start: '2026-01-01T09:00', time_zone: 'UTC' }] }, SYSTEM_ACTOR);
    await createTeam(pagingDeps, { id: 'bench', name: 'bench', members: ['alice', 'bob'], schedule_id: null });
    const now = clock.toISOString();
    await escalations.createPolicy({ id: 'pol_01JD2X5Q7R8S9T0V1W2X3Y4Z5A', name: 'bench', description: '', conditions: { severities: [], components: [], services: [], incident_types: [], teams: ['bench'] }, steps: [{ delay_minutes: 5, targets: [{ type: 'user', id: 'bob' }], actions: [{ type: 'notify' }] }, { delay_minutes: 5, targets: [{ type: 'schedule', id: schedule.id }], actions: [{ type: 'notify' }] }, { delay_minutes: 5, targets: [{ type: 'user', id: 'bob' }], actions: [{ type: 'notify' }] }], repeat: 0, ack_timeout_minutes: null, created_by: 'bench', created_at: now, updated_at: now, version: 1 });
    const trips: number[] = [];
    const calls: number[] = [];
    for (let i = 0; i < 20; i++) {
      const { incident } = await createIncident({ store: incidents, now: () => clock }, { title: `bench ${i}`, severity: 'high', assigned_team: 'bench' }, SYSTEM_ACTOR);
      const started = await startEscalation(deps, incident.id);
      if (!('started' in started) || !started.started.next) throw new Error('escalation did not start');
      const next = started.started.next;
      clock = new Date(Date.parse(next.due_at));
      resetDynamoCalls();
      schedulerCalls = 0;
      const outcome = await fireTimer(deps, payloadOf(next));
      if (!('acted' in outcome)) throw new Error(`timer did not act: ${outcome.dropped}`);
      trips.push(dynamoCalls.count);
      calls.push(schedulerCalls);
      clock = new Date();
    }
    return {
      fire_delay_ms: delay,
      restart: { timers: many.length, fired_before_restart: beforeRestart, lost, fired_twice: twice },
      firing: { samples: trips.length, dynamodb_round_trips_max: Math.max(...trips), scheduler_calls_max: Math.max(...calls), note: 'step paging a schedule: BatchGetItem + GetItem (schedule) + TransactWriteItems' },
      settings: { poll_interval_ms: 50 },
    };
  } finally {
    await dynamodb.stop();
  }
}

export async function benchTimers(): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child'], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const line = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`timers benchmark failed (exit ${code}):\n${err.slice(-2000)}`);
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
}
