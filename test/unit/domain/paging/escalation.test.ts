import { describe, expect, it } from 'vitest';
import { newIncident, SYSTEM_ACTOR, type Incident } from '#shared/domain/incidents/incident.ts';
import {
  advance,
  dueAfter,
  newEscalation,
  policyMatches,
  policyReferences,
  recentlyEscalated,
  selectPolicy,
  stepBlocked,
  stepMessage,
  timerName,
  type EscalationPolicy,
} from '#shared/domain/paging/escalation.ts';
import { planStep } from '#shared/use-cases/paging/run-step.ts';

const NOW = '2026-11-24T10:00:00.000Z';

function policy(overrides: Partial<EscalationPolicy> = {}): EscalationPolicy {
  return {
    id: 'pol_01JD2X5Q7R8S9T0V1W2X3Y4Z5A',
    name: 'Payments',
    description: '',
    conditions: { severities: [], components: [], services: [], incident_types: [], teams: [] },
    steps: [
      { delay_minutes: 5, targets: [{ type: 'schedule', id: 'SCH-1' }], actions: [{ type: 'notify' }] },
      { delay_minutes: 10, targets: [{ type: 'user', id: 'bob' }], actions: [{ type: 'notify' }, { type: 'assign' }, { type: 'raise_severity', severity: 'critical' }] },
    ],
    repeat: 0,
    ack_timeout_minutes: null,
    created_by: 'admin',
    created_at: NOW,
    updated_at: NOW,
    version: 1,
    ...overrides,
  };
}

function incident(overrides: Partial<Incident> = {}): Incident {
  return { ...newIncident('INC-20261124-0001', { title: 'Payments down', severity: 'high', assigned_team: 'payments', affected_services: ['api'] }, SYSTEM_ACTOR, NOW).incident, ...overrides };
}

describe('policy matching', () => {
  it('matches when every non-empty condition matches; empty lists match anything', () => {
    const i = incident();
    expect(policyMatches(policy(), i)).toBe(true);
    expect(policyMatches(policy({ conditions: { ...policy().conditions, severities: ['high', 'critical'], teams: ['payments'] } }), i)).toBe(true);
    expect(policyMatches(policy({ conditions: { ...policy().conditions, severities: ['critical'] } }), i)).toBe(false);
    expect(policyMatches(policy({ conditions: { ...policy().conditions, services: ['db', 'api'] } }), i)).toBe(true);
    expect(policyMatches(policy({ conditions: { ...policy().conditions, components: ['CMP-X'] } }), i)).toBe(false);
    expect(policyMatches(policy({ conditions: { ...policy().conditions, incident_types: ['security'] } }), i)).toBe(false);
    expect(policyMatches(policy({ conditions: { ...policy().conditions, teams: ['search'] } }), incident({ assigned_team: null }))).toBe(false);
  });

  it('picks the oldest specific match, then the team default, then a catch-all', () => {
    const catchAll = policy({ id: 'pol_A', created_at: '2026-01-01T00:00:00Z' });
    const teamDefault = policy({ id: 'pol_B', conditions: { ...policy().conditions, teams: ['search'] }, created_at: '2026-01-02T00:00:00Z' });
    const specificOld = policy({ id: 'pol_C', conditions: { ...policy().conditions, severities: ['high'] }, created_at: '2026-01-03T00:00:00Z' });
    const specificNew = policy({ id: 'pol_D', conditions: { ...policy().conditions, teams: ['payments'] }, created_at: '2026-01-04T00:00:00Z' });
    const i = incident();
    expect(selectPolicy([specificNew, catchAll, specificOld, teamDefault], i, 'pol_B')?.id).toBe('pol_C');
    expect(selectPolicy([catchAll, teamDefault], i, 'pol_B')?.id).toBe('pol_B');
    expect(selectPolicy([catchAll, teamDefault], i, null)?.id).toBe('pol_A');
    expect(selectPolicy([teamDefault], i, null)).toBeUndefined();
  });

  it('lists the schedules and teams a policy names', () => {
    expect(policyReferences(policy({ conditions: { ...policy().conditions, teams: ['ops'] }, steps: [{ delay_minutes: 0, targets: [{ type: 'team', id: 'db' }, { type: 'schedule', id: 'SCH-1' }], actions: [] }] }))).toEqual({ schedules: ['SCH-1'], teams: ['db', 'ops'] });
  });
});

describe('step rules', () => {
  const escalation = newEscalation('INC-20261124-0001', policy(), 'TOKEN1', NOW);

  it('runs the first step, arms the next after its delay, and completes after the last step without repeat', () => {
    const one = planStep(incident(), escalation, [{ user: 'alice', via: 'on call for Payments' }], 'started', NOW, 1);
    expect(one.run).toMatchObject({ step: 1, loop: 0, outcome: 'paged', message: 'step 1: paged alice (on call for Payments)', next_due_at: '2026-11-24T10:05:00.000Z' });
    expect(one.next).toMatchObject({ kind: 'escalation_step', token: 'TOKEN1', seq: 1, due_at: '2026-11-24T10:05:00.000Z', state: 'pending' });
    expect(one.escalation).toMatchObject({ state: 'active', next: { step: 1, loop: 0 }, seq: 1, runs: 1, version: 1 });
    expect(one.entry).toMatchObject({ type: 'incident.escalated', escalation: { step: 1, paged: ['alice'], outcome: 'paged' } });
    expect(one.after.version).toBe(2);

    const two = planStep(one.after, one.escalation, [{ user: 'bob', via: 'named in the policy' }], 'timer', '2026-11-24T10:05:00.000Z', 1);
    expect(two.next).toBeUndefined();
    expect(two.escalation.state).toBe('completed');
    expect(two.after).toMatchObject({ assignee: 'bob', severity: 'critical', impact: 3 });
    expect(two.entry.changes).toMatchObject({ assignee: { from: null, to: 'bob' }, severity: { from: 'high', to: 'critical' } });
    expect(two.run.message).toBe('step 2: paged bob (named in the policy); assigned to bob; severity raised to critical');
  });

  it('repeat loops after the last step, as many times as it says', () => {
    const p = policy({ repeat: 2 });
    expect(advance(p, { step: 0, loop: 0 })).toEqual({ step: 1, loop: 0 });
    expect(advance(p, { step: 1, loop: 0 })).toEqual({ step: 0, loop: 1 });
    expect(advance(p, { step: 1, loop: 1 })).toEqual({ step: 0, loop: 2 });
    expect(advance(p, { step: 1, loop: 2 })).toBeUndefined();
    expect(stepMessage(0, 2, [{ user: 'alice', via: 'x' }], 'timer')).toBe('step 1 (repeat 2): paged alice (x)');
  });

  it('a step where nobody is on call is recorded and skipped', () => {
    const plan = planStep(incident(), escalation, [], 'started', NOW, 1);
    expect(plan.run).toMatchObject({ outcome: 'nobody_on_call', paged: [], message: 'step 1: nobody on call, skipped' });
    expect(plan.next).toBeDefined();
    expect(plan.entry.escalation.paged).toEqual([]);
  });

  it('acknowledged, resolved or closed stops it; an acknowledgement timeout or a snooze resumes on an acknowledged incident', () => {
    expect(stepBlocked(incident(), escalation)).toBeUndefined();
    expect(stepBlocked(incident({ status: 'acknowledged' }), escalation)).toBe('incident acknowledged');
    expect(stepBlocked(incident({ status: 'acknowledged' }), { ...escalation, ack_overridden: true })).toBeUndefined();
    expect(stepBlocked(incident({ status: 'investigating' }), { ...escalation, ack_overridden: true })).toBe('incident investigating');
    expect(stepBlocked(incident({ status: 'resolved' }), escalation)).toBe('incident resolved');
    expect(stepBlocked(incident({ status: 'closed' }), escalation)).toBe('incident closed');
    expect(stepBlocked(undefined, escalation)).toBe('incident deleted');
    expect(stepBlocked(incident(), { ...escalation, state: 'stopped' })).toBe('escalation stopped');
    expect(stepBlocked(incident(), undefined)).toBe('no escalation');
  });

  it('a timer of a superseded escalation (other token or sequence) is stale', () => {
    expect(stepBlocked(incident(), escalation, { token: 'TOKEN1', seq: 0 })).toBeUndefined();
    expect(stepBlocked(incident(), escalation, { token: 'OLD', seq: 0 })).toBe('stale timer (superseded escalation)');
    expect(stepBlocked(incident(), escalation, { token: 'TOKEN1', seq: 3 })).toBe('stale timer (superseded escalation)');
  });

  it('escalate now twice in a row escalates once: a hand escalation within 30 s makes the next one a no-op', () => {
    expect(recentlyEscalated({ last_run: null }, NOW)).toBe(false);
    expect(recentlyEscalated({ last_run: { at: NOW, reason: 'escalate_now' } }, '2026-11-24T10:00:29.000Z')).toBe(true);
    expect(recentlyEscalated({ last_run: { at: NOW, reason: 'escalate_now' } }, '2026-11-24T10:00:30.000Z')).toBe(false);
    expect(recentlyEscalated({ last_run: { at: NOW, reason: 'timer' } }, '2026-11-24T10:00:01.000Z')).toBe(false);
  });

  it('the local speed-up divides delays', () => {
    expect(dueAfter(NOW, 60, 3600)).toBe('2026-11-24T10:00:01.000Z');
    const plan = planStep(incident(), escalation, [], 'started', NOW, 300);
    expect(plan.next?.due_at).toBe('2026-11-24T10:00:01.000Z');
  });
});

describe('timer names', () => {
  it('are deterministic, at most 64 characters of [0-9a-zA-Z-_.]', () => {
    const ref = { incident_id: 'INC-20261124-0042', kind: 'escalation_step' as const, token: '01JD2X5Q7R8S9T0V1W2X3Y4Z5A', seq: 3 };
    expect(timerName(ref)).toBe('esc-INC-20261124-0042-01JD2X5Q7R8S9T0V1W2X3Y4Z5A-3');
    expect(timerName(ref)).toBe(timerName({ ...ref }));
    const long = timerName({ ...ref, incident_id: `INC-${'9'.repeat(80)}/x`, kind: 'auto_resolve', seq: 123456 });
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^res-[0-9a-zA-Z\-_.]+-01JD2X5Q7R8S9T0V1W2X3Y4Z5A-123456$/);
  });
});
