/**
 * Teams, schedules, who is on call, shifts, calendar feeds and on-call assignment of new
 * incidents, over HTTP against the local server.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { baseUrl, call, token } from '../support/http.ts';

type Json = Record<string, unknown>;
type Problem = { status: number; detail: string; field?: string; errors?: { path: string; message: string }[]; teams?: string[] };

const tag = () => randomUUID().slice(0, 8);
const HOUR = 3_600_000;

/** A daily rotation whose current shift started an hour ago: participants[0] is on call now. */
function currentRotation(participants: string[], zone = 'Europe/Berlin') {
  const start = new Date(Date.now() - HOUR);
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(start).replace(' ', 'T');
  return { participants, shift_type: 'daily', start: local, time_zone: zone };
}

async function schedule(body: Json) {
  const res = await call<Json & { id: string; version: number }>('POST', '/v1/schedules', { role: 'admin', body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** Every schedule's name, all pages. */
async function scheduleNames(): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: { name: string }[]; next_cursor: string | null } } = await call('GET', `/v1/schedules?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { role: 'viewer' });
    names.push(...page.body.items.map((i) => i.name));
    cursor = page.body.next_cursor;
  } while (cursor);
  return names;
}

async function team(body: Json) {
  const res = await call<Json & { id: string }>('POST', '/v1/teams', { role: 'admin', body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

describe('teams and schedules', () => {
  it('admins create, change and delete; viewers read; responders cannot shape teams', async () => {
    const id = `payments-${tag()}`;
    const s = await schedule({ name: 'Payments primary', rotations: [{ participants: ['alice', 'bob'], shift_type: 'weekly', start: '2026-11-02T09:00', time_zone: 'Europe/Berlin' }] });
    expect(s.id).toMatch(/^SCH-/);
    const created = await team({ id, name: 'Payments', members: ['alice', 'bob'], schedule_id: s.id });
    expect(created).toMatchObject({ id, name: 'Payments', members: ['alice', 'bob'], schedule_id: s.id, escalation_policy_id: null, auto_resolve_hours: 72, version: 1 });

    expect((await call('POST', '/v1/teams', { role: 'responder', body: { id: `x-${tag()}`, name: 'x' } })).status).toBe(403);
    const read = await call('GET', `/v1/teams/${id}`, { role: 'viewer' });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    const list = await call<{ items: { id: string }[] }>('GET', '/v1/teams?limit=100', { role: 'viewer' });
    expect(list.body.items.map((t) => t.id)).toContain(id);

    const patched = await call('PATCH', `/v1/teams/${id}`, { role: 'admin', body: { auto_resolve_hours: 24 }, headers: { 'if-match': '"1"' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ auto_resolve_hours: 24, version: 2 });
    expect((await call('PATCH', `/v1/teams/${id}`, { role: 'admin', body: { name: 'stale' }, headers: { 'if-match': '"1"' } })).status).toBe(412);

    // The schedule is in use: 409 naming the team, nothing deleted.
    const conflict = await call<Problem>('DELETE', `/v1/schedules/${s.id}`, { role: 'admin' });
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get('content-type')).toBe('application/problem+json');
    expect(conflict.body.teams).toEqual([id]);
    expect(conflict.body.detail).toContain(id);
    expect((await call('GET', `/v1/schedules/${s.id}`, { role: 'viewer' })).status).toBe(200);

    expect((await call('DELETE', `/v1/teams/${id}`, { role: 'admin' })).status).toBe(204);
    expect((await call('GET', `/v1/teams/${id}`, { role: 'viewer' })).status).toBe(404);
    expect((await call('DELETE', `/v1/schedules/${s.id}`, { role: 'admin' })).status).toBe(204);
    expect((await call('GET', `/v1/schedules/${s.id}`, { role: 'viewer' })).status).toBe(404);
  });

  it('answers who is on call and the final shifts, with overrides from responders', async () => {
    const s = await schedule({ name: 'Weekly', rotations: [{ participants: ['alice', 'bob'], shift_type: 'weekly', start: '2026-11-02T09:00', time_zone: 'Europe/Berlin' }] });
    const oncall = await call<{ users: string[]; at: string }>('GET', `/v1/schedules/${s.id}/oncall?at=2026-11-10T12:00:00Z`, { role: 'viewer' });
    expect(oncall.status).toBe(200);
    expect(oncall.body).toEqual({ schedule_id: s.id, at: '2026-11-10T12:00:00.000Z', users: ['bob'] });
    expect((await call<{ users: string[] }>('GET', `/v1/schedules/${s.id}/oncall?at=2026-11-01T12:00:00Z`, { role: 'viewer' })).body.users).toEqual([]);

    const override = await call<{ id: string; kind: string }>('POST', `/v1/schedules/${s.id}/overrides`, {
      role: 'responder',
      body: { add_user: 'carol', remove_user: 'bob', start: '2026-11-10T00:00:00Z', end: '2026-11-11T00:00:00Z' },
    });
    expect(override.status, override.text).toBe(201);
    expect(override.body.kind).toBe('replace');
    expect((await call<{ users: string[] }>('GET', `/v1/schedules/${s.id}/oncall?at=2026-11-10T12:00:00Z`, { role: 'viewer' })).body.users).toEqual(['carol']);

    const shifts = await call<{ shifts: { user_id: string; start: string; end: string }[] }>('GET', `/v1/schedules/${s.id}/shifts?from=2026-11-09T00:00:00Z&to=2026-11-12T00:00:00Z`, { role: 'viewer' });
    expect(shifts.status).toBe(200);
    expect(shifts.body.shifts).toEqual([
      { user_id: 'bob', start: '2026-11-09T08:00:00.000Z', end: '2026-11-10T00:00:00.000Z' },
      { user_id: 'alice', start: '2026-11-09T00:00:00.000Z', end: '2026-11-09T08:00:00.000Z' },
      { user_id: 'carol', start: '2026-11-10T00:00:00.000Z', end: '2026-11-11T00:00:00.000Z' },
      { user_id: 'bob', start: '2026-11-11T00:00:00.000Z', end: '2026-11-12T00:00:00.000Z' },
    ].sort((a, b) => a.start.localeCompare(b.start)));

    expect((await call('DELETE', `/v1/schedules/${s.id}/overrides/${override.body.id}`, { role: 'responder' })).status).toBe(204);
    expect((await call<{ users: string[] }>('GET', `/v1/schedules/${s.id}/oncall?at=2026-11-10T12:00:00Z`, { role: 'viewer' })).body.users).toEqual(['bob']);
  });

  it('deleting an override puts the on-call answer back; an unknown override is a 404; a viewer may not delete one', async () => {
    const s = await schedule({ name: 'Override removal', rotations: [{ participants: ['alice', 'bob'], shift_type: 'weekly', start: '2026-11-02T09:00', time_zone: 'Europe/Berlin' }] });
    const at = '2026-11-04T12:00:00Z'; // alice's first week
    const oncall = async () => (await call<{ users: string[] }>('GET', `/v1/schedules/${s.id}/oncall?at=${at}`, { role: 'viewer' })).body.users;
    expect(await oncall()).toEqual(['alice']);
    const override = await call<{ id: string }>('POST', `/v1/schedules/${s.id}/overrides`, { role: 'responder', body: { add_user: 'carol', remove_user: 'alice', start: '2026-11-04T00:00:00Z', end: '2026-11-05T00:00:00Z' } });
    expect(override.status, override.text).toBe(201);
    expect(await oncall()).toEqual(['carol']);
    const path = `/v1/schedules/${s.id}/overrides/${override.body.id}`;

    const viewer = await call<Problem>('DELETE', path, { role: 'viewer' });
    expect(viewer.status).toBe(403);
    expect(viewer.headers.get('content-type')).toBe('application/problem+json');
    expect(await oncall()).toEqual(['carol']);

    const deleted = await call('DELETE', path, { role: 'responder' });
    expect(deleted.status, deleted.text).toBe(204);
    expect(deleted.text).toBe('');
    expect(await oncall()).toEqual(['alice']);
    expect((await call<{ overrides: unknown[] }>('GET', `/v1/schedules/${s.id}`, { role: 'viewer' })).body.overrides).toEqual([]);
    const shifts = await call<{ shifts: { user_id: string }[] }>('GET', `/v1/schedules/${s.id}/shifts?from=2026-11-04T00:00:00Z&to=2026-11-05T00:00:00Z`, { role: 'viewer' });
    expect(shifts.body.shifts.map((x) => x.user_id)).toEqual(['alice']);

    // Gone (deleted twice), never there, or on a schedule that does not exist: 404 problem+json.
    for (const missing of [path, `/v1/schedules/${s.id}/overrides/OVR-01JD0000000000000000000000`, `/v1/schedules/SCH-01JD0000000000000000000000/overrides/${override.body.id}`]) {
      const res = await call<Problem>('DELETE', missing, { role: 'responder' });
      expect(res.status, missing).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body.detail).not.toBe('');
    }
    expect((await call<Problem>('DELETE', `/v1/schedules/${s.id}/overrides/not-an-override`, { role: 'responder' })).status).toBe(400);
    expect(await oncall()).toEqual(['alice']);
  });

  it('refuses bad input with a problem naming the field, and stores nothing', async () => {
    const bad = async (method: string, path: string, body: Json, field: string, role: 'admin' | 'responder' = 'admin') => {
      const res = await call<Problem>(method, path, { role, body });
      expect(res.status, res.text).toBeGreaterThanOrEqual(400);
      expect(res.status, res.text).toBeLessThan(500);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const named = res.body.field ?? res.body.errors?.map((e) => e.path).join(' ');
      expect(named, res.text).toContain(field);
      return res;
    };
    const name = `bad-${tag()}`;
    const rotation = { participants: ['alice'], shift_type: 'daily', start: '2026-11-02T09:00', time_zone: 'Europe/Berlin' };
    await bad('POST', '/v1/schedules', { name, rotations: [{ ...rotation, time_zone: 'Europe/Atlantis' }] }, 'rotations.0.time_zone');
    await bad('POST', '/v1/schedules', { name, rotations: [{ ...rotation, shift_type: 'monthly' }] }, 'body.rotations.0.shift_type');
    await bad('POST', '/v1/schedules', { name, rotations: [] }, 'body.rotations');
    await bad('POST', '/v1/schedules', { name, rotations: [{ ...rotation, participants: ['not a user'] }] }, 'body.rotations.0.participants.0');
    await bad('POST', '/v1/schedules', { name, rotations: [rotation], overrides: [{ add_user: 'bob', start: '2026-11-03T00:00:00Z', end: '2026-11-02T00:00:00Z' }] }, 'body.overrides.0.end');
    expect(await scheduleNames()).not.toContain(name);

    const s = await schedule({ name: 'Team-bound', rotations: [{ ...rotation, participants: ['alice', 'mallory'] }] });
    const id = `bad-${tag()}`;
    await bad('POST', '/v1/teams', { id, name: 'x', schedule_id: 'SCH-01JD0000000000000000000000' }, 'schedule_id');
    await bad('POST', '/v1/teams', { id, name: 'x', members: ['alice'], schedule_id: s.id }, 'members');
    await bad('POST', '/v1/teams', { id: 'Not_A_Slug', name: 'x' }, 'body.id');
    await bad('POST', '/v1/teams', { id, name: 'x', auto_resolve_hours: 721 }, 'body.auto_resolve_hours');
    expect((await call('GET', `/v1/teams/${id}`, { role: 'viewer' })).status).toBe(404);

    await team({ id, name: 'x', members: ['alice', 'mallory'], schedule_id: s.id });
    await bad('POST', `/v1/schedules/${s.id}/overrides`, { add_user: 'trudy', start: '2026-11-03T00:00:00Z', end: '2026-11-04T00:00:00Z' }, 'add_user', 'responder');
    await bad('POST', `/v1/schedules/${s.id}/overrides`, { add_user: 'alice', start: '2026-11-03T00:00:00Z', end: '2026-11-03T00:00:00Z' }, 'body.end', 'responder');
    expect((await call<{ overrides: unknown[] }>('GET', `/v1/schedules/${s.id}`, { role: 'viewer' })).body.overrides).toEqual([]);

    const long = await call<Problem>('GET', `/v1/schedules/${s.id}/shifts?from=2026-11-01T00:00:00Z&to=2027-03-01T00:00:00Z`, { role: 'viewer' });
    expect(long.status).toBe(400);
    expect(long.body.field).toBe('to');
    const backwards = await call<Problem>('GET', `/v1/schedules/${s.id}/shifts?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z`, { role: 'viewer' });
    expect(backwards.status).toBe(400);
    expect((await call<Problem>('GET', `/v1/schedules/${s.id}/shifts?from=yesterday&to=2026-11-01T00:00:00Z`, { role: 'viewer' })).status).toBe(400);
    expect((await call<Problem>('GET', `/v1/schedules/${s.id}/oncall?at=soon`, { role: 'viewer' })).status).toBe(400);
    expect((await call<Problem>('GET', `/v1/schedules/${'x'.repeat(300)}/oncall`, { role: 'viewer' })).status).toBe(400);
  });
});

describe('incidents created for a team', () => {
  it('are assigned to the team\'s current on-call person, with the timeline entry saying so', async () => {
    const [alice, bob] = [`alice-${tag()}`, `bob-${tag()}`];
    const s = await schedule({ name: 'Now', rotations: [currentRotation([alice, bob])] });
    const id = `oncall-${tag()}`;
    await team({ id, name: 'Payments EU', members: [alice, bob], schedule_id: s.id });
    expect((await call<{ users: string[] }>('GET', `/v1/teams/${id}/oncall`, { role: 'viewer' })).body.users).toEqual([alice]);

    const created = await call<{ id: string; assignee: string | null }>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Card payments fail', severity: 'high', assigned_team: id } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.assignee).toBe(alice);
    const detail = await call<{ timeline: { type: string; message: string | null; actor: { kind: string } }[] }>('GET', `/v1/incidents/${created.body.id}`, { role: 'viewer' });
    expect(detail.body.timeline.map((t) => t.type)).toEqual(['incident.created', 'incident.assigned']);
    expect(detail.body.timeline[1]).toMatchObject({ message: `assigned to ${alice} (on call for Payments EU)`, actor: { kind: 'system' } });

    // An explicit assignee wins; an unknown team or a team without a schedule leaves it unassigned.
    const explicit = await call<{ assignee: string | null }>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Mine to handle', severity: 'low', assigned_team: id, assignee: bob } });
    expect(explicit.body.assignee).toBe(bob);
    const unknown = await call<{ id: string; assignee: string | null }>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Nobody on call', severity: 'low', assigned_team: `ghost-${tag()}` } });
    expect(unknown.status).toBe(201);
    expect(unknown.body.assignee).toBeNull();
    const bare = `bare-${tag()}`;
    await team({ id: bare, name: 'No schedule' });
    const unassigned = await call<{ assignee: string | null }>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Nobody either', severity: 'low', assigned_team: bare } });
    expect(unassigned.body.assignee).toBeNull();
  });
});

/**
 * A strict reading of an RFC 5545 stream, written here so the test does not trust the library
 * that wrote it: CRLF line ends, folding at ≤ 75 octets, balanced BEGIN/END, the required
 * properties, UTC date-times.
 */
function parseICalendar(text: string) {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare CR or LF
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
  const lines = text.slice(0, -2).replace(/\r\n[ \t]/g, '').split('\r\n');
  const stack: string[] = [];
  const events: Record<string, string[]>[] = [];
  const calendar: Record<string, string[]> = {};
  let current: Record<string, string[]> | undefined;
  for (const line of lines) {
    const match = /^([A-Z0-9-]+)((?:;[^:]*)?):(.*)$/.exec(line);
    expect(match, `not a content line: ${line}`).not.toBeNull();
    const [, name = '', , value = ''] = match!;
    if (name === 'BEGIN') {
      stack.push(value);
      if (value === 'VEVENT') events.push((current = {}));
      continue;
    }
    if (name === 'END') {
      expect(stack.pop()).toBe(value);
      if (value === 'VEVENT') current = undefined;
      continue;
    }
    const target = current ?? (stack.length === 1 ? calendar : undefined);
    if (target) (target[name] ??= []).push(value);
  }
  expect(stack).toEqual([]);
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines.at(-1)).toBe('END:VCALENDAR');
  expect(calendar.VERSION).toEqual(['2.0']);
  expect(calendar.PRODID).toHaveLength(1);
  const utc = /^\d{8}T\d{6}Z$/;
  const toIso = (v: string) => `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}T${v.slice(9, 11)}:${v.slice(11, 13)}:${v.slice(13, 15)}.000Z`;
  return events.map((e) => {
    for (const required of ['UID', 'DTSTAMP', 'DTSTART', 'DTEND', 'SUMMARY']) expect(e[required], `${required} in ${JSON.stringify(e)}`).toHaveLength(1);
    for (const time of ['DTSTART', 'DTEND', 'DTSTAMP']) expect(e[time]![0]).toMatch(utc);
    const start = toIso(e.DTSTART![0]!);
    const end = toIso(e.DTEND![0]!);
    expect(Date.parse(end)).toBeGreaterThan(Date.parse(start));
    return { uid: e.UID![0]!, start, end, summary: e.SUMMARY![0]! };
  });
}

describe('calendar feeds', () => {
  it('serve a person\'s and a schedule\'s shifts for 60 days to the holder of the feed secret, and nobody else', async () => {
    const [alice, bob] = [`alice-${tag()}`, `bob-${tag()}`];
    const s = await schedule({ name: 'Zürich on-call — primary rotation with a name long enough to need folding', rotations: [currentRotation([alice, bob])] });
    const other = await schedule({ name: 'Secondary', rotations: [{ ...currentRotation([bob, alice]), shift_type: 'weekly' }] });
    const asAlice = await token({ role: 'viewer', sub: alice, username: alice });

    const created = await call<{ user_id: string; secret: string; feeds: { person: string; schedule: string } }>('POST', '/v1/users/me/calendar_secret', { token: asAlice });
    expect(created.status, created.text).toBe(201);
    expect(created.body.user_id).toBe(alice);
    expect(created.body.secret).toMatch(/^cal_[\w-]{43}$/);
    const path = new URL(created.body.feeds.person).pathname;
    expect(path).toBe(`/v1/calendar/${alice}/${created.body.secret}`);

    // No token: the URL is the credential.
    const first = await fetch(`${baseUrl}${path}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await first.text();
    const events = parseICalendar(text);
    const again = parseICalendar(await (await fetch(`${baseUrl}${path}`)).text());
    expect(again.map((e) => e.uid)).toEqual(events.map((e) => e.uid));
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);

    // The events are alice's final shifts in both schedules over the feed window.
    const from = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString();
    const to = new Date(Date.parse(from) + 60 * 86_400_000).toISOString();
    const expected: { start: string; end: string }[] = [];
    for (const id of [s.id, other.id]) {
      const res = await call<{ shifts: { user_id: string; start: string; end: string }[] }>('GET', `/v1/schedules/${id}/shifts?from=${from}&to=${to}`, { role: 'viewer' });
      expected.push(...res.body.shifts.filter((x) => x.user_id === alice).map(({ start, end }) => ({ start, end })));
    }
    expect(events.map(({ start, end }) => ({ start, end }))).toEqual(expected.sort((x, y) => x.start.localeCompare(y.start)));
    expect(events.length).toBeGreaterThan(10);
    expect(events[0]!.summary).toMatch(/^On call: /);

    // The schedule feed has everyone's shifts of that schedule.
    const scheduleFeed = await fetch(`${baseUrl}${path}/schedules/${s.id}`);
    expect(scheduleFeed.status).toBe(200);
    const people = parseICalendar(await scheduleFeed.text()).map((e) => e.summary.split(' ')[0]);
    expect(new Set(people)).toEqual(new Set([alice, bob]));

    // Wrong secret, unknown person, revoked secret: the same 404, nothing about who exists.
    const wrong = await fetch(`${baseUrl}/v1/calendar/${alice}/cal_${'A'.repeat(43)}`);
    const nobody = await fetch(`${baseUrl}/v1/calendar/ghost-${tag()}/${created.body.secret}`);
    expect(wrong.status).toBe(404);
    expect(nobody.status).toBe(404);
    const detail = async (r: Response) => ((await r.json()) as { detail: string }).detail;
    expect(await detail(wrong)).toBe(await detail(nobody));
    expect((await fetch(`${baseUrl}/v1/calendar/${alice}/short`)).status).toBe(404);

    // Rotating replaces the secret; revoking ends it.
    const rotated = await call<{ secret: string; feeds: { person: string } }>('POST', `/v1/users/${alice}/calendar_secret`, { token: asAlice });
    expect(rotated.status).toBe(201);
    expect((await fetch(`${baseUrl}${path}`)).status).toBe(404);
    expect((await fetch(created.body.feeds.person.replace(created.body.secret, rotated.body.secret).replace(/^https?:\/\/[^/]+/, baseUrl))).status).toBe(200);
    expect((await call('POST', `/v1/users/${bob}/calendar_secret`, { token: asAlice })).status).toBe(403);
    expect((await call('DELETE', '/v1/users/me/calendar_secret', { token: asAlice })).status).toBe(204);
    expect((await fetch(`${baseUrl}/v1/calendar/${alice}/${rotated.body.secret}`)).status).toBe(404);
    expect((await call('DELETE', '/v1/users/me/calendar_secret', { token: asAlice })).status).toBe(404);
  });

  it('serve a schedule\'s shifts of everyone as RFC 5545 events; a wrong or revoked secret is refused without saying which', async () => {
    const [alice, bob, carol] = [`alice-${tag()}`, `bob-${tag()}`, `carol-${tag()}`];
    const s = await schedule({ name: 'Schedule feed', rotations: [currentRotation([alice, bob, carol])] });
    const asCarol = await token({ role: 'viewer', sub: carol, username: carol });
    const created = await call<{ secret: string; feeds: { schedule: string } }>('POST', '/v1/users/me/calendar_secret', { token: asCarol });
    expect(created.status, created.text).toBe(201);
    expect(created.body.feeds.schedule).toMatch(/\/schedules\/\{schedule_id\}$/);
    const feed = (user: string, secret: string, id = s.id) => fetch(`${baseUrl}/v1/calendar/${user}/${secret}/schedules/${id}`);

    const res = await feed(carol, created.body.secret);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const events = parseICalendar(await res.text());
    // Everyone's final shifts of this schedule over the feed window, in order, with stable UIDs.
    const from = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString();
    const to = new Date(Date.parse(from) + 60 * 86_400_000).toISOString();
    const shifts = await call<{ shifts: { user_id: string; start: string; end: string }[] }>('GET', `/v1/schedules/${s.id}/shifts?from=${from}&to=${to}`, { role: 'viewer' });
    const byStart = <T extends { start: string }>(list: T[]) => [...list].sort((x, y) => x.start.localeCompare(y.start));
    expect(byStart(events).map((e) => ({ user_id: e.summary.split(' ')[0], start: e.start, end: e.end }))).toEqual(byStart(shifts.body.shifts).map(({ user_id, start, end }) => ({ user_id, start, end })));
    expect(new Set(events.map((e) => e.summary.split(' ')[0]))).toEqual(new Set([alice, bob, carol]));
    expect(events.length).toBeGreaterThan(50);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    const again = parseICalendar(await (await feed(carol, created.body.secret)).text());
    expect(again.map((e) => e.uid)).toEqual(events.map((e) => e.uid));

    // A valid secret and a schedule that does not exist: 404 naming the schedule (the caller holds a feed).
    const noSchedule = await feed(carol, created.body.secret, 'SCH-01JD0000000000000000000000');
    expect(noSchedule.status).toBe(404);

    // Wrong secret, someone else's name with carol's secret, an unknown person, a wrong secret on a
    // schedule that does not exist: the same 404 and the same words, so the URL tells nothing.
    const detail = async (r: Response) => {
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
      return ((await r.json()) as { detail: string }).detail;
    };
    const refusal = await detail(await feed(carol, `cal_${'A'.repeat(43)}`));
    expect(refusal).not.toContain(carol);
    expect(await detail(await feed(alice, created.body.secret))).toBe(refusal);
    expect(await detail(await feed(`ghost-${tag()}`, created.body.secret))).toBe(refusal);
    expect(await detail(await feed(carol, `cal_${'A'.repeat(43)}`, 'SCH-01JD0000000000000000000000'))).toBe(refusal);

    // Revoked: the URL that worked is refused the same way.
    expect((await call('DELETE', '/v1/users/me/calendar_secret', { token: asCarol })).status).toBe(204);
    expect(await detail(await feed(carol, created.body.secret))).toBe(refusal);
  });
});
