/**
 * Teams and schedules on DynamoDB Local: the store and the paging use cases together. References
 * (team → schedule) commit with the team; a schedule in use cannot be deleted, also when a team
 * takes it at the same moment as the delete.
 */
import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidInputError, NotFoundError, PreconditionFailedError } from '#shared/domain/errors.ts';
import type { Actor } from '#shared/domain/incidents/incident.ts';
import type { ScheduleInput } from '#shared/domain/paging/schedule.ts';
import { dynamoCalls, resetDynamoCalls } from '#shared/store/client.ts';
import { DynamoPagingStore } from '#shared/store/paging/dynamo-paging-store.ts';
import type { PagingDeps } from '#shared/use-cases/paging/deps.ts';
import { createOverride, createSchedule, deleteOverride, deleteSchedule, getSchedule, listSchedules, updateSchedule } from '#shared/use-cases/paging/schedules.ts';
import { createTeam, deleteTeam, getTeam, listTeams, updateTeam } from '#shared/use-cases/paging/teams.ts';
import { scheduleShifts, teamOnCall, whoIsOnCall } from '#shared/use-cases/paging/who-is-on-call.ts';

const admin: Actor = { id: 'u-admin', name: 'admin', kind: 'user' };
const deps: PagingDeps = { paging: new DynamoPagingStore(), now: () => new Date('2026-11-24T10:00:00Z') };
let n = 0;
const slug = () => `team-${Date.now().toString(36)}-${++n}`;

const weekly = (participants: string[]): ScheduleInput => ({
  name: 'Payments primary',
  rotations: [{ participants, shift_type: 'weekly', start: '2026-11-02T09:00', time_zone: 'Europe/Berlin' }],
});

async function rejected(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('paging store on DynamoDB Local', () => {
  it('creates, reads, lists and changes teams and schedules', async () => {
    const schedule = await createSchedule(deps, weekly(['alice', 'bob']), admin);
    expect(await getSchedule(deps, schedule.id)).toEqual(schedule);
    const id = slug();
    const team = await createTeam(deps, { id, name: 'Payments', members: ['alice', 'bob', 'alice'], schedule_id: schedule.id });
    expect(team).toMatchObject({ id, members: ['alice', 'bob'], auto_resolve_hours: 72, escalation_policy_id: null, version: 1 });
    expect(await getTeam(deps, id)).toEqual(team);
    const changed = await updateTeam(deps, id, { name: 'Payments EU', auto_resolve_hours: 0 }, 1);
    expect(changed).toMatchObject({ name: 'Payments EU', auto_resolve_hours: 0, version: 2 });
    expect(await rejected(updateTeam(deps, id, { name: 'stale' }, 1))).toBeInstanceOf(PreconditionFailedError);
    expect((await listTeams(deps, 100, undefined)).items.map((t) => t.id)).toContain(id);
    expect((await listSchedules(deps, 100, undefined)).items.map((s) => s.id)).toContain(schedule.id);
    expect(await rejected(createTeam(deps, { id, name: 'again' }))).toBeInstanceOf(ConflictError);
  });

  it('answers who is on call with one GetItem, and the team on call with two', async () => {
    const schedule = await createSchedule(deps, weekly(['alice', 'bob']), admin);
    const id = slug();
    await createTeam(deps, { id, name: 'Payments', members: ['alice', 'bob', 'carol'], schedule_id: schedule.id });
    resetDynamoCalls();
    expect(await whoIsOnCall(deps, schedule.id, '2026-11-10T12:00:00Z')).toEqual(['bob']);
    expect(dynamoCalls.count).toBe(1);
    resetDynamoCalls();
    expect((await teamOnCall(deps, id, '2026-11-03T12:00:00Z')).users).toEqual(['alice']);
    expect(dynamoCalls.count).toBe(2);
    expect(await rejected(whoIsOnCall(deps, 'SCH-01JD0000000000000000000000', '2026-11-03T12:00:00Z'))).toBeInstanceOf(NotFoundError);

    const { override } = await createOverride(deps, schedule.id, { add_user: 'carol', remove_user: 'alice', start: '2026-11-03T00:00:00Z', end: '2026-11-04T00:00:00Z' }, admin);
    expect((await teamOnCall(deps, id, '2026-11-03T12:00:00Z')).users).toEqual(['carol']);
    const { shifts } = await scheduleShifts(deps, schedule.id, '2026-11-02T08:00:00Z', '2026-11-05T00:00:00Z');
    expect(shifts.map((s) => s.user_id)).toEqual(['alice', 'carol', 'alice']);
    await deleteOverride(deps, schedule.id, override.id);
    expect((await teamOnCall(deps, id, '2026-11-03T12:00:00Z')).users).toEqual(['alice']);

    const bare = slug();
    await createTeam(deps, { id: bare, name: 'No schedule' });
    expect((await teamOnCall(deps, bare, '2026-11-03T12:00:00Z')).users).toEqual([]);
  });

  it('refuses an unknown schedule and people who are not members, storing nothing', async () => {
    const id = slug();
    const unknown = await rejected(createTeam(deps, { id, name: 'x', schedule_id: 'SCH-01JD0000000000000000000000' }));
    expect(unknown).toBeInstanceOf(InvalidInputError);
    expect((unknown as InvalidInputError).details.field).toBe('schedule_id');
    expect(await rejected(getTeam(deps, id))).toBeInstanceOf(NotFoundError);

    const schedule = await createSchedule(deps, weekly(['alice', 'mallory']), admin);
    const notMember = await rejected(createTeam(deps, { id, name: 'x', members: ['alice'], schedule_id: schedule.id }));
    expect((notMember as InvalidInputError).details).toMatchObject({ field: 'members', user: 'mallory' });

    await createTeam(deps, { id, name: 'x', members: ['alice', 'mallory'], schedule_id: schedule.id });
    const edit = await rejected(updateSchedule(deps, schedule.id, { rotations: [{ participants: ['alice', 'trudy'], shift_type: 'daily', start: '2026-11-02T09:00', time_zone: 'UTC' }] }, admin));
    expect((edit as InvalidInputError).details).toMatchObject({ field: 'rotations.0.participants.1', user: 'trudy' });
    expect((await getSchedule(deps, schedule.id)).version).toBe(1);
  });

  it('a schedule a team uses cannot be deleted (409 naming the teams); once free it can', async () => {
    const schedule = await createSchedule(deps, weekly(['alice']), admin);
    const [a, b] = [slug(), slug()];
    await createTeam(deps, { id: a, name: 'A', members: ['alice'], schedule_id: schedule.id });
    await createTeam(deps, { id: b, name: 'B', members: ['alice'], schedule_id: schedule.id });
    const conflict = await rejected(deleteSchedule(deps, schedule.id));
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as ConflictError).details.teams).toEqual([a, b].sort());
    expect(conflict.message).toContain(a);

    await updateTeam(deps, a, { schedule_id: null });
    await deleteTeam(deps, b);
    await deleteSchedule(deps, schedule.id);
    expect(await rejected(getSchedule(deps, schedule.id))).toBeInstanceOf(NotFoundError);
  });

  it('a team taking the schedule while it is being deleted wins or loses cleanly, never dangling', async () => {
    for (let round = 0; round < 5; round++) {
      const schedule = await createSchedule(deps, weekly(['alice']), admin);
      const id = slug();
      const [del, team] = await Promise.allSettled([deleteSchedule(deps, schedule.id), createTeam(deps, { id, name: 'racer', members: ['alice'], schedule_id: schedule.id })]);
      const exists = await deps.paging.getSchedule(schedule.id);
      if (team.status === 'fulfilled') {
        // the team holds the reference: the schedule must still be there
        expect(exists).toBeDefined();
        expect(del.status).toBe('rejected');
      } else {
        expect(exists).toBeUndefined();
        expect(del.status).toBe('fulfilled');
        expect(await deps.paging.getTeam(id)).toBeUndefined();
      }
    }
  });

  it('overrides added by several people at once are all kept (versioned writes, retried on a fresh read)', async () => {
    const schedule = await createSchedule(deps, weekly(['alice']), admin);
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) => createOverride(deps, schedule.id, { add_user: `helper-${i}`, start: `2026-11-0${i + 1}T00:00:00Z`, end: `2026-11-0${i + 2}T00:00:00Z` }, admin)),
    );
    // A writer fails only when another one committed in between, so each of 4 fails at most 3
    // times and all 4 commit within the 5 attempts.
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect((await getSchedule(deps, schedule.id)).overrides.map((o) => o.add_user).sort()).toEqual(['helper-0', 'helper-1', 'helper-2', 'helper-3']);
  });
});
