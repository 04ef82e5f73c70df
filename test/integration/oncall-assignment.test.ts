/**
 * Incident creation with the paging lookup on DynamoDB Local: the on-call person is assigned in
 * the create's one transaction; a failing or empty lookup leaves the incident unassigned.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '#shared/domain/incidents/incident.ts';
import { dynamoCalls, resetDynamoCalls } from '#shared/store/client.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { DynamoPagingStore } from '#shared/store/paging/dynamo-paging-store.ts';
import type { Deps } from '#shared/use-cases/context.ts';
import { createIncident } from '#shared/use-cases/incidents/create-incident.ts';
import type { PagingDeps } from '#shared/use-cases/paging/deps.ts';
import { createSchedule } from '#shared/use-cases/paging/schedules.ts';
import { createTeam } from '#shared/use-cases/paging/teams.ts';
import { currentOnCall } from '#shared/use-cases/paging/who-is-on-call.ts';

const now = new Date('2026-11-24T10:00:00Z');
const actor: Actor = { id: 'u-1', name: 'responder', kind: 'user' };
const paging: PagingDeps = { paging: new DynamoPagingStore(), now: () => now };
const store = new DynamoIncidentStore();
const deps: Deps = { store, now: () => now, onCall: (team, at) => currentOnCall(paging, team, at) };

describe('incidents created for a team', () => {
  it('get the on-call person in one transaction: day sequence ‖ team, schedule, then the write', async () => {
    const schedule = await createSchedule(paging, { name: 'daily', rotations: [{ participants: ['dora', 'eve'], shift_type: 'daily', start: '2026-11-24T09:00', time_zone: 'UTC' }] }, actor);
    await createTeam(paging, { id: 'checkout-it', name: 'Checkout', members: ['dora', 'eve'], schedule_id: schedule.id });
    resetDynamoCalls();
    const { incident } = await createIncident(deps, { title: 'Checkout down', severity: 'high', assigned_team: 'checkout-it' }, actor);
    expect(Object.fromEntries(dynamoCalls.byCommand)).toEqual({ UpdateItemCommand: 1, GetItemCommand: 2, TransactWriteItemsCommand: 1 });
    expect(incident.assignee).toBe('dora');
    const detail = await store.getDetail(incident.id);
    expect(detail?.incident.assignee).toBe('dora');
    expect(detail?.timeline.map((t) => [t.type, t.message])).toEqual([
      ['incident.created', null],
      ['incident.assigned', 'assigned to dora (on call for Checkout)'],
    ]);
  });

  it('stay unassigned when the lookup fails, and keep their two round trips without a team', async () => {
    const failing: Deps = { ...deps, onCall: () => Promise.reject(new Error('table unavailable')) };
    const { incident } = await createIncident(failing, { title: 'Still recorded', severity: 'low', assigned_team: 'checkout-it' }, actor);
    expect(incident.assignee).toBeNull();
    expect((await store.getDetail(incident.id))?.timeline.map((t) => t.type)).toEqual(['incident.created']);

    resetDynamoCalls();
    await createIncident(deps, { title: 'No team', severity: 'low' }, actor);
    expect(dynamoCalls.count).toBe(2);
  });
});
