/**
 * Escalation timers on DynamoDB Local: a timer delivered many times at once acts once; a firing
 * costs at most 3 DynamoDB round trips and 1 Scheduler call; an acknowledged incident's timer is
 * dropped; an auto-resolve timer that fires after an update is pushed back, also in local mode's
 * compressed time; the local scheduler finds pending timers in the table after a restart.
 */
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '#shared/domain/incidents/incident.ts';
import { dueAfterMs, timerName, type EscalationPolicy, type Timer, type TimerRef } from '#shared/domain/paging/escalation.ts';
import { LocalScheduler } from '#shared/schedule/local-scheduler.ts';
import { payloadOf, type TimerPayload, type TimerScheduler } from '#shared/schedule/scheduler.ts';
import { dynamoCalls, resetDynamoCalls } from '#shared/store/client.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { DynamoEscalationStore } from '#shared/store/paging/dynamo-escalation-store.ts';
import { changeStatus } from '#shared/use-cases/incidents/change-status.ts';
import { addComment } from '#shared/use-cases/incidents/comments.ts';
import { createIncident } from '#shared/use-cases/incidents/create-incident.ts';
import { DynamoPagingStore } from '#shared/store/paging/dynamo-paging-store.ts';
import type { PagingDeps } from '#shared/use-cases/paging/deps.ts';
import type { EscalationDeps, OnCallDirectory } from '#shared/use-cases/paging/escalation-context.ts';
import { onCallDirectory } from '#shared/use-cases/paging/on-call-directory.ts';
import { createSchedule } from '#shared/use-cases/paging/schedules.ts';
import { createTeam } from '#shared/use-cases/paging/teams.ts';
import { fireTimer } from '#shared/use-cases/paging/fire-timer.ts';
import { startEscalation } from '#shared/use-cases/paging/start-escalation.ts';

let clock = new Date('2026-11-24T10:00:00.000Z');
const armed: Timer[] = [];
const scheduler: TimerScheduler = { arm: (t) => (armed.push(t), Promise.resolve('created')), cancel: () => Promise.resolve('gone') };
const pagingDeps: PagingDeps = { paging: new DynamoPagingStore(), now: () => clock };
const directory: OnCallDirectory = onCallDirectory(pagingDeps);
let scheduleId = '';
const incidents = new DynamoIncidentStore();
const escalations = new DynamoEscalationStore();
const deps: EscalationDeps = { incidents, escalations, directory, scheduler, now: () => clock, speed: 1 };
const incidentDeps = { store: incidents, now: () => clock };
let n = 0;

async function policy(team: string): Promise<EscalationPolicy> {
  if (!scheduleId) {
    const schedule = await createSchedule(pagingDeps, { name: 'Primary', rotations: [{ participants: ['alice'], shift_type: 'daily', start: '2026-11-01T09:00', time_zone: 'UTC' }] }, { id: 'admin', name: 'admin', kind: 'user' });
    scheduleId = schedule.id;
  }
  await createTeam(pagingDeps, { id: team, name: team, members: ['alice', 'carol'], schedule_id: null });
  const p: EscalationPolicy = {
    id: `pol_01JD2X5Q7R8S9T0V1W2X3Y4Z${String(++n).padStart(2, '0')}`,
    name: team,
    description: '',
    conditions: { severities: [], components: [], services: [], incident_types: [], teams: [team] },
    steps: [
      { delay_minutes: 5, targets: [{ type: 'user', id: 'alice' }], actions: [{ type: 'notify' }] },
      { delay_minutes: 5, targets: [{ type: 'schedule', id: scheduleId }], actions: [{ type: 'notify' }] },
      { delay_minutes: 5, targets: [{ type: 'user', id: 'carol' }], actions: [{ type: 'notify' }] },
    ],
    repeat: 0,
    ack_timeout_minutes: null,
    created_by: 'test',
    created_at: clock.toISOString(),
    updated_at: clock.toISOString(),
    version: 1,
  };
  await escalations.createPolicy(p);
  return p;
}

async function started(team: string) {
  await policy(team);
  const { incident } = await createIncident(incidentDeps, { title: `Down ${team}`, severity: 'high', assigned_team: team }, SYSTEM_ACTOR);
  const outcome = await startEscalation(deps, incident.id);
  if (!('started' in outcome)) throw new Error(`not started: ${outcome.skipped}`);
  return { incident, next: outcome.started.next as Timer };
}

describe('escalation timers on DynamoDB Local', () => {
  it('a timer delivered 10 times at once acts once', async () => {
    const { incident, next } = await started(`twice-${Date.now()}`);
    expect((await startEscalation(deps, incident.id))).toEqual({ skipped: 'already started' });
    clock = new Date(Date.parse(next.due_at));
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => fireTimer(deps, payloadOf(next))));
    expect(outcomes.filter((o) => 'acted' in o)).toHaveLength(1);
    expect(outcomes.filter((o) => 'dropped' in o)).toHaveLength(9);
    const runs = await escalations.listRuns(incident.id, 10, undefined);
    expect(runs.items.map((r) => r.step)).toEqual([1, 2]);
    const detail = await incidents.getDetail(incident.id);
    expect(detail?.timeline.filter((e) => e.type === 'incident.escalated')).toHaveLength(2);
  });

  it('a firing costs at most 3 DynamoDB round trips and 1 Scheduler call', async () => {
    const { next } = await started(`budget-${Date.now()}`);
    clock = new Date(Date.parse(next.due_at));
    const armedBefore = armed.length;
    resetDynamoCalls();
    const outcome = await fireTimer(deps, payloadOf(next));
    expect(outcome).toEqual({ acted: `step 2: paged alice (on call on schedule ${scheduleId})` });
    // BatchGetItem (incident, escalation, timer) + GetItem (the schedule: who is on call) + TransactWriteItems.
    expect(dynamoCalls.count).toBeLessThanOrEqual(3);
    expect(Object.fromEntries(dynamoCalls.byCommand)).toEqual({ BatchGetItemCommand: 1, GetItemCommand: 1, TransactWriteItemsCommand: 1 });
    expect(armed.length - armedBefore).toBe(1);
  });

  it('drops the timer of an acknowledged incident and a stale timer, settling it', async () => {
    const { incident, next } = await started(`ack-${Date.now()}`);
    await changeStatus(incidentDeps, incident.id, 'acknowledged', { id: 'alice', name: 'alice', kind: 'user' }, undefined);
    clock = new Date(Date.parse(next.due_at));
    expect(await fireTimer(deps, payloadOf(next))).toEqual({ dropped: 'incident acknowledged' });
    expect(await fireTimer(deps, payloadOf(next))).toEqual({ dropped: 'already fired or cancelled' });
    expect(await fireTimer(deps, { ...payloadOf(next), token: 'OLD' })).toEqual({ dropped: 'already fired or cancelled' });
    expect((await escalations.listRuns(incident.id, 10, undefined)).items).toHaveLength(1);
  });

  it('an auto-resolve timer firing after an update pushes the resolution back, in compressed time too', async () => {
    const team = `quiet-${Date.now()}`;
    await createTeam(pagingDeps, { id: team, name: team, members: ['alice'], schedule_id: null, auto_resolve_hours: 1 });
    const { incident } = await createIncident(incidentDeps, { title: `Disk ${team}`, severity: 'low', assigned_team: team }, SYSTEM_ACTOR);
    // LOCAL_SCHEDULER_SPEED=3000: 1 h lasts 1.2 s; the reactor has not re-armed for the comment yet.
    const fast: EscalationDeps = { ...deps, speed: 3000 };
    const ref: TimerRef = { incident_id: incident.id, kind: 'auto_resolve', token: 'EVT1', seq: 0 };
    const timer: Timer = { ...ref, name: timerName(ref), due_at: dueAfterMs(incident.created_at, 3_600_000, 3000), state: 'pending', armed_at: incident.created_at, hours: 1 };
    await escalations.commit({ arm: [timer] });
    const created = Date.parse(incident.created_at);
    clock = new Date(created + 700);
    await addComment(incidentDeps, incident.id, 'still looking', { id: 'alice', name: 'alice', kind: 'user' });
    clock = new Date(Date.parse(timer.due_at));
    const quietUntil = new Date(created + 700 + 1200).toISOString();
    expect(await fireTimer(fast, payloadOf(timer))).toEqual({ dropped: `updated since; pushed back to ${quietUntil}` });
    expect((await incidents.get(incident.id))?.status).toBe('open');
    // The pushed-back timer resolves it at its due time.
    const later = armed.at(-1) as Timer;
    expect(later).toMatchObject({ kind: 'auto_resolve', seq: 1, due_at: quietUntil });
    clock = new Date(Date.parse(quietUntil));
    expect(await fireTimer(fast, payloadOf(later))).toEqual({ acted: 'resolved automatically after 1 h without updates' });
    expect((await incidents.get(incident.id))?.status).toBe('resolved');
  });

  it('the local scheduler fires a pending timer it finds in the table after a restart, once', async () => {
    const { next } = await started(`restart-${Date.now()}`);
    const fired: TimerPayload[] = [];
    const due = new Date(Date.parse(next.due_at) + 1);
    // First runtime: stopped before the timer is due.
    const first = new LocalScheduler({ dueTimers: (u, l) => escalations.dueTimers(u, l), intervalMs: 10, now: () => new Date(Date.parse(next.due_at) - 60_000) });
    first.start((p) => (fired.push(p), fireTimer(deps, p)));
    await new Promise((r) => setTimeout(r, 100));
    await first.stop();
    expect(fired.filter((p) => p.name === next.name)).toHaveLength(0);
    // Second runtime, after the due time: finds it and fires it; it leaves the due index.
    clock = due;
    const second = new LocalScheduler({ dueTimers: (u, l) => escalations.dueTimers(u, l), intervalMs: 10, now: () => due });
    second.start((p) => (fired.push(p), fireTimer(deps, p)));
    const deadline = Date.now() + 5000;
    while (!fired.some((p) => p.name === next.name) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    await second.stop();
    expect(fired.filter((p) => p.name === next.name)).toHaveLength(1);
    expect((await escalations.dueTimers(due.toISOString(), 100)).some((t) => t.name === next.name)).toBe(false);
  });
});
