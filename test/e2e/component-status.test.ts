/**
 * Components, the component-status API, maintenance windows and availability over HTTP against
 * the local server (bin/local.ts on DynamoDB Local).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { call, token, type CallResult } from '../support/http.ts';

type Body = Record<string, unknown>;
type Incident = Body & { id: string; title: string; impact: number; components: string[]; status: string; system: boolean; version: number };
type Component = Body & { id: string; name: string };
type StatusResult = { result: string; incident: Incident | null; maintenance?: Body; component: Component };
type Timeline = { timeline: { type: string; message: string | null; actor: { kind: string } }[] };

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

async function register(name = unique('svc'), attributes: { name: string; value: string }[] = [], extra: Body = {}): Promise<Component> {
  const res = await call<Component>('POST', '/v1/components', { role: 'admin', body: { name, attributes, ...extra } });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const report = (body: unknown, role: 'responder' | 'admin' = 'responder') => call<StatusResult & Body>('POST', '/v1/component_status', { role, body });
const incident = async (id: string) => (await call<Incident & Timeline>('GET', `/v1/incidents/${id}`, { role: 'viewer' })).body;
const total = async () => (await call<{ total: number }>('GET', '/v1/incidents/summary', { role: 'viewer' })).body.total;

/** Resolve every active system incident, so that each test starts without one at any impact. */
async function resolveSystemIncidents(): Promise<void> {
  for (;;) {
    const page = await call<{ items: Incident[] }>('GET', '/v1/incidents?status=active&limit=100', { role: 'viewer' });
    const open = page.body.items.filter((i) => i.system);
    if (open.length === 0) return;
    for (const i of open) await call('PUT', `/v1/incidents/${i.id}/status`, { role: 'responder', body: { status: 'resolved' } });
  }
}

const expectNo5xx = (results: CallResult[]) => expect(results.filter((r) => r.status >= 500).map((r) => r.text)).toEqual([]);

describe('components over HTTP', () => {
  it('registers, lists, gets, patches and deletes components (admin writes, viewer reads)', async () => {
    const name = unique('db');
    const created = await register(name, [{ name: 'region', value: 'eu-de' }], { display_group: 'Storage', description: 'Primary database' });
    expect(created).toMatchObject({ id: expect.stringMatching(/^CMP-/), name, attributes: [{ name: 'region', value: 'eu-de' }], display_group: 'Storage', version: 1 });
    expect((await call('POST', '/v1/components', { role: 'responder', body: { name: 'x' } })).status).toBe(403);
    const twin = await call('POST', '/v1/components', { role: 'admin', body: { name, attributes: [{ name: 'region', value: 'eu-de' }] } });
    expect(twin.status).toBe(409);
    const list = await call<{ items: Component[] }>('GET', '/v1/components', { role: 'viewer' });
    expect(list.body.items.map((c) => c.id)).toContain(created.id);
    const patched = await call<Component>('PATCH', `/v1/components/${created.id}`, { role: 'admin', body: { display_group: 'Databases' } });
    expect(patched.body).toMatchObject({ display_group: 'Databases', version: 2 });
    expect((await call('GET', `/v1/components/${created.id}`, { role: 'viewer' })).body).toMatchObject({ display_group: 'Databases' });
    expect((await call('DELETE', `/v1/components/${created.id}`, { role: 'admin' })).status).toBe(204);
    const gone = await call('GET', `/v1/components/${created.id}`, { role: 'viewer' });
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toBe('application/problem+json');
  });

  it('matches the component whose attributes contain the given ones; ambiguous is a 400 naming the candidates', async () => {
    const name = unique('api');
    const eu = await register(name, [{ name: 'region', value: 'eu-de' }, { name: 'type', value: 'http' }]);
    await register(name, [{ name: 'region', value: 'us-east' }, { name: 'type', value: 'http' }]);
    const matched = await report({ name, impact: 1, attributes: [{ name: 'region', value: 'eu-de' }] });
    expect(matched.status).toBe(201);
    expect(matched.body.component.id).toBe(eu.id);
    const ambiguous = await report({ name, impact: 2, attributes: [{ name: 'type', value: 'http' }] });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.headers.get('content-type')).toBe('application/problem+json');
    expect(String(ambiguous.body.detail)).toMatch(/Ambiguous component/);
    expect(ambiguous.body.candidates).toHaveLength(2);
  });
});

describe('POST /v1/component_status', () => {
  beforeEach(resolveSystemIncidents);

  it('50 concurrent identical requests: exactly one incident (one 201, 49 409s naming it), no 5xx', async () => {
    const c = await register();
    const results = await Promise.all(Array.from({ length: 50 }, () => report({ name: c.name, impact: 3, text: 'Database unreachable' })));
    expectNo5xx(results);
    const createdOnes = results.filter((r) => r.status === 201);
    expect(createdOnes).toHaveLength(1);
    const winner = createdOnes[0]?.body as StatusResult;
    expect(winner).toMatchObject({ result: 'created', incident: { title: 'Database unreachable', impact: 3, system: true, components: [c.id] } });
    const conflicts = results.filter((r) => r.status === 409);
    expect(conflicts).toHaveLength(49);
    for (const r of conflicts) {
      expect(r.headers.get('content-type')).toBe('application/problem+json');
      expect(r.body).toMatchObject({ existingIncidentId: winner.incident?.id, existingIncidentTitle: 'Database unreachable', detail: expect.stringContaining('already in active incident') });
    }
  });

  it('20 concurrent requests for 20 components at one impact: one incident with all 20', async () => {
    const many = await Promise.all(Array.from({ length: 20 }, () => register()));
    const results = await Promise.all(many.map((c) => report({ name: c.name, impact: 2 })));
    expectNo5xx(results);
    expect(results.map((r) => r.status).sort()).toEqual([...Array<number>(19).fill(200), 201]);
    const ids = new Set(results.map((r) => r.body.incident?.id));
    expect(ids.size).toBe(1);
    const stored = await incident([...ids][0] as string);
    expect(new Set(stored.components)).toEqual(new Set(many.map((c) => c.id)));
    expect(stored.title).toBe('Incident');
  });

  it('concurrent raises of two components of one incident lose none and leave none in two active system incidents', async () => {
    const a = await register();
    const b = await register();
    const first = await report({ name: a.name, impact: 1 });
    expect((await report({ name: b.name, impact: 1 })).body.result).toBe('added');
    const results = await Promise.all([report({ name: a.name, impact: 2 }), report({ name: b.name, impact: 2 })]);
    expectNo5xx(results);
    expect(results.map((r) => r.status).every((s) => s === 200 || s === 201)).toBe(true);
    const active = (await call<{ items: Incident[] }>('GET', '/v1/incidents?status=active&limit=100', { role: 'viewer' })).body.items.filter((i) => i.system);
    for (const c of [a, b]) {
      const holding = active.filter((i) => i.components.includes(c.id));
      expect(holding, c.name).toHaveLength(1);
      expect(holding[0]?.impact).toBe(2);
    }
    const source = await incident(first.body.incident?.id ?? '');
    expect(source.components).toEqual(expect.not.arrayContaining([a.id, b.id]));
  });

  it('adds, raises and moves with the timeline texts, and closes the emptied incident by the system', async () => {
    const a = await register(unique('web'));
    const b = await register(unique('cdn'));
    const c = await register(unique('dns'));
    const created = await report({ name: a.name, impact: 1, text: 'Web slow' });
    expect(created.status).toBe(201);
    const minor = created.body.incident as Incident;
    const added = await report({ name: b.name, impact: 1 });
    expect(added).toMatchObject({ status: 200, body: { result: 'added', incident: { id: minor.id, components: [a.id, b.id] } } });
    expect((await incident(minor.id)).timeline.map((e) => e.message)).toContain(`${b.name} added`);

    // b had company: no impact-2 incident exists, so a new one is created and b moves there.
    const movedNew = await report({ name: b.name, impact: 2 });
    expect(movedNew).toMatchObject({ status: 201, body: { result: 'moved', incident: { impact: 2, components: [b.id] } } });
    const major = movedNew.body.incident as Incident;
    expect((await incident(minor.id)).timeline.map((e) => e.message).find((m) => m?.startsWith('moved to '))).toMatch(new RegExp(`^moved to \\S+/incidents/${major.id}$`));
    expect((await incident(major.id)).timeline.map((e) => e.message)).toEqual([expect.stringMatching(new RegExp(`^moved from \\S+/incidents/${minor.id}$`))]);

    // a is now alone in the minor incident and an impact-2 incident exists: a moves, minor is closed.
    const movedClose = await report({ name: a.name, impact: 2 });
    expect(movedClose).toMatchObject({ status: 200, body: { result: 'moved', incident: { id: major.id, components: [b.id, a.id] } } });
    const closed = await incident(minor.id);
    expect(closed).toMatchObject({ status: 'closed', components: [] });
    expect(closed.timeline.slice(-2).map((e) => [e.message, e.actor.kind])).toEqual([
      [expect.stringMatching(new RegExp(`^moved to \\S+/incidents/${major.id}$`)), 'user'],
      ['closed by system', 'system'],
    ]);

    // c alone at impact 1, no impact-3 incident: the incident is raised.
    const third = await report({ name: c.name, impact: 1 });
    const raised = await report({ name: c.name, impact: 3 });
    expect(raised).toMatchObject({ status: 200, body: { result: 'raised', incident: { id: third.body.incident?.id, impact: 3, severity: 'critical' } } });
    expect((await incident(third.body.incident?.id ?? '')).timeline.map((e) => e.message)).toContain('impact changed from minor to outage');
  });

  it("answers 409 for a person's incident covering the component and never changes it", async () => {
    const c = await register();
    const manual = await call<Incident>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Handled by hand', impact: 2, components: [c.id], internal_notes: 'secret' } });
    expect(manual.status).toBe(201);
    const conflict = await report({ name: c.name, impact: 2 });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ existingIncidentId: manual.body.id, existingIncidentTitle: 'Handled by hand' });
    const higher = await report({ name: c.name, impact: 3 });
    expect(higher).toMatchObject({ status: 201, body: { result: 'created' } });
    expect((await incident(manual.body.id)).version).toBe(1);
  });

  it('accepts machine clients with the component_status:write scope only', async () => {
    const c = await register();
    const machine = await token({ scopes: ['component_status:write'], sub: 'metric-processor' });
    const ok = await call<StatusResult>('POST', '/v1/component_status', { token: machine, body: { name: c.name, impact: 1 } });
    expect(ok.status).toBe(201);
    expect(ok.body.incident?.created_by).toBe('metric-processor');
    const denied = await call('POST', '/v1/component_status', { token: await token({ scopes: ['incidents:read'] }), body: { name: c.name, impact: 1 } });
    expect(denied.status).toBe(403);
    expect((await call('POST', '/v1/component_status', { role: 'viewer', body: { name: c.name, impact: 1 } })).status).toBe(403);
  });

  it.each([
    ['missing name', { impact: 1 }, 400],
    ['missing impact', { name: 'x' }, 400],
    ['impact 0', { name: 'x', impact: 0 }, 400],
    ['impact 4', { name: 'x', impact: 4 }, 400],
    ['impact as a string', { name: 'x', impact: '2' }, 400],
    ['impact as a fraction', { name: 'x', impact: 1.5 }, 400],
    ['attributes not a list', { name: 'x', impact: 1, attributes: { region: 'eu' } }, 400],
    ['attributes without value', { name: 'x', impact: 1, attributes: [{ name: 'region' }] }, 400],
    ['an unknown field', { name: 'x', impact: 1, severity: 'high' }, 400],
    ['an unknown component', { name: 'no-such-component', impact: 1 }, 404],
    ['unknown attributes of a known name', { name: 'KNOWN', impact: 1, attributes: [{ name: 'region', value: 'mars' }] }, 404],
  ])('answers %s with a 4xx problem and stores nothing', async (_case, body, status) => {
    const known = await register();
    const payload = 'name' in body && body.name === 'KNOWN' ? { ...body, name: known.name } : body;
    const before = await total();
    const res = await report(payload);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(String(res.body.detail).length).toBeGreaterThan(10);
    expect(String(res.body.detail)).not.toMatch(/Invalid input(;|$)/);
    if (status === 404) expect(String(res.body.detail)).toMatch(/Unknown component/);
    expect(await total()).toBe(before);
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await call('POST', '/v1/component_status', { role: 'responder', rawBody: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
  });
});

describe('maintenance windows', () => {
  const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

  it('computes planned / in_progress / completed and suppresses component status while active', async () => {
    const c = await register();
    const other = await register();
    const active = await call<Body & { id: string; status: string }>('POST', '/v1/maintenances', {
      role: 'responder',
      body: { title: 'DB upgrade', components: [c.id], start_time: inMinutes(-10), end_time: inMinutes(50) },
    });
    expect(active.status).toBe(201);
    expect(active.body).toMatchObject({ impact: 0, status: 'in_progress', components: [c.id] });
    const planned = await call<Body & { id: string }>('POST', '/v1/maintenances', { role: 'responder', body: { title: 'Later window', components: [other.id], start_time: inMinutes(60), end_time: inMinutes(120) } });
    expect(planned.body.status).toBe('planned');

    const suppressed = await report({ name: c.name, impact: 3 });
    expect(suppressed.status).toBe(201);
    expect(suppressed.body).toMatchObject({ result: 'maintenance', incident: null, maintenance: { id: active.body.id } });
    // A planned window does not suppress.
    expect((await report({ name: other.name, impact: 1 })).body.result).not.toBe('maintenance');

    const board = await call<{ components: { id: string; status: string }[] }>('GET', '/v1/component_status');
    expect(board.body.components.find((x) => x.id === c.id)?.status).toBe('maintenance');

    // End it: completed, no more suppression.
    const ended = await call<Body>('PATCH', `/v1/maintenances/${active.body.id}`, { role: 'responder', body: { end_time: inMinutes(-1) } });
    expect(ended.body).toMatchObject({ status: 'completed', version: 2 });
    expect((await report({ name: c.name, impact: 3 })).body.result).not.toBe('maintenance');
    expect((await call('PATCH', `/v1/maintenances/${active.body.id}`, { role: 'responder', body: { title: 'late edit' } })).status).toBe(409);

    const list = await call<{ items: { id: string; status: string }[] }>('GET', '/v1/maintenances?limit=100', { role: 'viewer' });
    expect(list.body.items.find((m) => m.id === planned.body.id)?.status).toBe('planned');
    expect((await call('GET', `/v1/maintenances/${planned.body.id}`, { role: 'viewer' })).body).toMatchObject({ title: 'Later window' });
  });

  it.each([
    ['end before start', { start_time: inMinutes(10), end_time: inMinutes(5) }, 400],
    ['no end', { start_time: inMinutes(10), end_time: undefined }, 400],
    ['impact other than 0', { start_time: inMinutes(10), end_time: inMinutes(20), impact: 2 }, 400],
    ['a title under 8 characters', { start_time: inMinutes(10), end_time: inMinutes(20), title: 'Upgrade' }, 400],
  ])('refuses a window with %s', async (_case, fields, status) => {
    const c = await register();
    const res = await call('POST', '/v1/maintenances', { role: 'responder', body: { title: 'Database upgrade', components: [c.id], ...fields } });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('refuses unknown components with a 404', async () => {
    const res = await call('POST', '/v1/maintenances', { role: 'responder', body: { title: 'Checkout errors', components: ['CMP-01JD0000000000000000000000'], start_time: inMinutes(1), end_time: inMinutes(2) } });
    expect(res.status).toBe(404);
  });
});

describe('incidents naming components, the public board and availability', () => {
  it('refuses POST /v1/incidents with unknown component ids and stores nothing', async () => {
    const known = await register();
    const before = await total();
    const res = await call('POST', '/v1/incidents', { role: 'responder', body: { title: 'Checkout errors', impact: 1, components: [known.id, 'CMP-01JD0000000000000000000000'] } });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ unknown_components: ['CMP-01JD0000000000000000000000'] });
    expect(await total()).toBe(before);
    expect((await call('POST', '/v1/incidents', { role: 'responder', body: { title: 'Checkout errors', impact: 1, components: ['not-an-id'] } })).status).toBe(400);
  });

  it("PATCHes an incident's components: unknown ids are a 404 that changes nothing; known ones show on the board", async () => {
    const c = await register();
    const created = await call<Incident>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Edited by hand', impact: 2 } });
    const unknown = await call('PATCH', `/v1/incidents/${created.body.id}`, { role: 'responder', headers: { 'if-match': '"1"' }, body: { components: ['CMP-01JD0000000000000000000000'] } });
    expect(unknown.status).toBe(404);
    expect((await incident(created.body.id)).version).toBe(1);
    const patched = await call<Incident>('PATCH', `/v1/incidents/${created.body.id}`, { role: 'responder', headers: { 'if-match': '"1"' }, body: { components: [c.id] } });
    expect(patched.body).toMatchObject({ components: [c.id], version: 2 });
    expect((await report({ name: c.name, impact: 1 })).body).toMatchObject({ existingIncidentId: created.body.id });
    // Resolved: off the board, the component is free again.
    await call('PUT', `/v1/incidents/${created.body.id}/status`, { role: 'responder', body: { status: 'resolved' } });
    const board = await call<{ components: { id: string; impact: number }[] }>('GET', '/v1/component_status');
    expect(board.body.components.find((x) => x.id === c.id)?.impact).toBe(0);
  });

  it('shows every component with its current impact and public incident fields only, without a token', async () => {
    const c = await register(unique('pay'), [], { display_group: 'Payments' });
    const idle = await register();
    const manual = await call<Incident>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Payments down', impact: 3, components: [c.id], internal_notes: 'db password rotated', public_message: 'We are on it' } });
    const board = await call<{ components: (Body & { id: string })[] }>('GET', '/v1/component_status');
    expect(board.status).toBe(200);
    expect(board.text).not.toContain('db password rotated');
    expect(board.text).not.toContain('internal_notes');
    expect(board.body.components.find((x) => x.id === c.id)).toMatchObject({
      impact: 3,
      status: 'outage',
      display_group: 'Payments',
      incident: { id: manual.body.id, title: 'Payments down', public_message: 'We are on it' },
    });
    expect(board.body.components.find((x) => x.id === idle.id)).toMatchObject({ impact: 0, status: 'operational', incident: null });
  });

  it('computes monthly availability over 6 months from resolved outages', async () => {
    const c = await register();
    const startTime = new Date(Date.now() - 2 * 3600_000).toISOString();
    const outage = await call<Incident>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Full outage', impact: 3, components: [c.id], start_time: startTime } });
    const resolved = await call<Incident & { resolved_at: string }>('PUT', `/v1/incidents/${outage.body.id}/status`, { role: 'responder', body: { status: 'resolved' } });
    const res = await call<{ months: { month: string; outage_seconds: number; availability: number | null; incidents: string[] }[]; formula: string }>('GET', `/v1/components/${c.id}/availability`, {
      role: 'viewer',
    });
    expect(res.status).toBe(200);
    expect(res.body.months).toHaveLength(6);
    const current = res.body.months.at(-1);
    const expected = Math.round((Date.parse(resolved.body.resolved_at) - Date.parse(startTime)) / 1000);
    // The component was registered just now: the outage before that is clipped to its life.
    expect(current?.incidents).toEqual([outage.body.id]);
    expect(current?.outage_seconds).toBeLessThanOrEqual(expected);
    expect(current?.availability).toBeLessThan(100);
    expect(res.body.months.slice(0, 5).every((m) => m.availability === null)).toBe(true);
    expect(res.body.formula).toMatch(/union/);
    expect((await call('GET', '/v1/components/CMP-01JD0000000000000000000000/availability', { role: 'viewer' })).status).toBe(404);
  });
});

describe('alarm mappings and npm run alarm', () => {
  const alarm = (dataDir: string, args: string[]) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', 'bin/alarm.ts', ...args], { cwd: path.resolve(import.meta.dirname, '../..'), env: { ...process.env, LOCAL_DATA_DIR: dataDir, POWERTOOLS_LOG_LEVEL: 'ERROR' } }, (error, stdout) => {
        if (error) reject(new Error(`bin/alarm.ts failed: ${error.message}`));
        else resolve(JSON.parse(stdout) as Record<string, unknown>);
      });
    });

  it('manages mappings (admin only) and runs an alarm through the local handler, once per event id', async () => {
    const c = await register(unique('checkout'));
    const prefix = `${unique('alarm')}-`;
    expect((await call('POST', '/v1/alarm_mappings', { role: 'responder', body: { alarm_prefix: prefix, component_id: c.id, impact: 2 } })).status).toBe(403);
    const mapping = await call<Body & { id: string }>('POST', '/v1/alarm_mappings', { role: 'admin', body: { alarm_prefix: prefix, component_id: c.id, impact: 2 } });
    expect(mapping.status).toBe(201);
    expect(mapping.body).toMatchObject({ kind: 'prefix', pattern: prefix, component_id: c.id, impact: 2 });
    expect((await call('POST', '/v1/alarm_mappings', { role: 'admin', body: { alarm_prefix: prefix, component_id: c.id, impact: 3 } })).status).toBe(409);
    expect((await call('POST', '/v1/alarm_mappings', { role: 'admin', body: { alarm_name: 'x', alarm_prefix: 'y', component_id: c.id, impact: 3 } })).status).toBe(400);
    expect((await call('POST', '/v1/alarm_mappings', { role: 'admin', body: { alarm_name: 'x', component_id: 'CMP-01JD0000000000000000000000', impact: 3 } })).status).toBe(404);
    expect((await call<{ items: { id: string }[] }>('GET', '/v1/alarm_mappings', { role: 'admin' })).body.items.map((m) => m.id)).toContain(mapping.body.id);

    const dataDir = inject('dataDir');
    const eventId = randomUUID();
    const fired = await alarm(dataDir, ['--name', `${prefix}5xx`, '--state', 'ALARM', '--id', eventId]);
    expect(fired).toMatchObject({ result: 'created', componentId: c.id });
    expect(await alarm(dataDir, ['--name', `${prefix}5xx`, '--state', 'ALARM', '--id', eventId])).toMatchObject({ result: 'duplicate' });
    const opened = await incident(String(fired.incidentId));
    expect(opened).toMatchObject({ system: true, impact: 2, components: [c.id], status: 'open' });

    expect(await alarm(dataDir, ['--name', `${prefix}5xx`, '--state', 'OK'])).toMatchObject({ result: 'resolved', incidentId: opened.id });
    const resolved = await incident(opened.id);
    expect(resolved.status).toBe('resolved');
    expect(resolved.timeline.map((e) => e.message)).toEqual(expect.arrayContaining(['alarm recovered', 'resolved by system: all alarms OK']));

    expect((await call('DELETE', `/v1/alarm_mappings/${mapping.body.id}`, { role: 'admin' })).status).toBe(204);
    expect((await call('DELETE', `/v1/alarm_mappings/${mapping.body.id}`, { role: 'admin' })).status).toBe(404);
  });
});

describe('component.status_changed events', () => {
  beforeEach(resolveSystemIncidents);

  type AuditEntry = { type: string; component_id?: string; changes: { impact: { from: number; to: number }; incident_id: { from: string | null; to: string | null } }; message: string };
  const componentEvents = async (componentId: string) =>
    (await call<{ items: AuditEntry[] }>('GET', '/v1/events?type=component.status_changed&limit=100', { role: 'viewer' })).body.items.filter((e) => e.component_id === componentId);

  it('records one entry per change of a component\'s effective impact, none for a 409', async () => {
    const component = await register();
    const first = await report({ name: component.name, impact: 1 });
    expect(first.status).toBe(201);
    expect((await report({ name: component.name, impact: 1 })).status).toBe(409);
    const raised = await report({ name: component.name, impact: 3 });
    expect(raised.body.result).toBe('raised');

    const events = await componentEvents(component.id);
    expect(events.map((e) => e.changes.impact)).toEqual([
      { from: 1, to: 3 },
      { from: 0, to: 1 },
    ]);
    expect(events[1]?.changes.incident_id).toEqual({ from: null, to: first.body.incident?.id });
    expect(events[0]?.message).toMatch(new RegExp(`^${component.name}: minor → outage`));
    // One vocabulary with the status grid: a component no incident affects is operational.
    expect(events[1]?.message).toMatch(new RegExp(`^${component.name}: operational → minor`));
  });
});
