import { describe, expect, it } from 'vitest';
import { newComponent, type Component } from '#shared/domain/components/component.ts';
import { componentStatus, decideComponentStatus, systemIncidentAt, type BoardState, type DecideContext, type StatusDecision, type StatusImpact } from '#shared/domain/components/component-status.ts';
import { newIncident, type Actor, type Incident } from '#shared/domain/incidents/incident.ts';
import { newMaintenance } from '#shared/domain/components/maintenance.ts';

const now = '2026-11-24T10:00:00.000Z';
const monitor: Actor = { id: 'mp', name: 'metric-processor', kind: 'machine' };
const alice: Actor = { id: 'u1', name: 'alice', kind: 'user' };
const link = (id: string) => `https://status.example/incidents/${id}`;
const ctx = (extra: Partial<DecideContext> = {}): DecideContext => ({ actor: monitor, now, link, ...extra });

const api = newComponent('CMP-01JD0000000000000000000001', { name: 'api', attributes: [{ name: 'region', value: 'eu-de' }] }, now);
const db = newComponent('CMP-01JD0000000000000000000002', { name: 'db' }, now);
const web = newComponent('CMP-01JD0000000000000000000003', { name: 'web' }, now);
const components = [api, db, web];

let seq = 0;
function incident(impact: 1 | 2 | 3, members: Component[], options: { system?: boolean; status?: Incident['status'] } = {}): Incident {
  seq += 1;
  const { incident: created } = newIncident(`INC-20261124-${String(seq).padStart(4, '0')}`, { title: 'x', impact, components: members.map((c) => c.id) }, options.system === false ? alice : monitor, now, {
    system: options.system ?? true,
  });
  return { ...created, status: options.status ?? 'open' };
}

function board(incidents: Incident[], pointers: Partial<Record<StatusImpact, string>> = {}, maintenances: BoardState['maintenances'] = []): BoardState {
  return {
    components,
    incidents,
    maintenances,
    pointers: Object.fromEntries(Object.entries(pointers).map(([k, id]) => [k, { incident_id: id, version: 3 }])),
  };
}

function change(decision: StatusDecision) {
  if (decision.kind !== 'change') throw new Error(`expected a change, got ${decision.kind}`);
  return decision;
}

describe('component-status decision', () => {
  it('rule 1: an in-progress maintenance of the component suppresses everything', () => {
    const window = newMaintenance('MNT-01JD0000000000000000000001', { title: 'upgrade', components: [api.id], start_time: '2026-11-24T09:00:00Z', end_time: '2026-11-24T11:00:00Z' }, 'alice', now);
    const decision = decideComponentStatus(board([], {}, [window]), { component: api, impact: 3, text: 'down' }, ctx());
    expect(decision).toEqual({ kind: 'maintenance', maintenance: window });
  });

  it('rule 1 does not apply to planned or completed windows, nor to other components', () => {
    const planned = newMaintenance('MNT-01JD0000000000000000000002', { title: 'later', components: [api.id], start_time: '2026-11-24T12:00:00Z', end_time: '2026-11-24T13:00:00Z' }, 'a', now);
    const done = newMaintenance('MNT-01JD0000000000000000000003', { title: 'before', components: [api.id], start_time: '2026-11-24T07:00:00Z', end_time: '2026-11-24T10:00:00Z' }, 'a', now);
    const other = newMaintenance('MNT-01JD0000000000000000000004', { title: 'db', components: [db.id], start_time: '2026-11-24T09:00:00Z', end_time: '2026-11-24T11:00:00Z' }, 'a', now);
    expect(decideComponentStatus(board([], {}, [planned, done, other]), { component: api, impact: 1, text: 'x' }, ctx()).kind).toBe('needs-id');
  });

  it.each([
    [2, 2],
    [3, 2],
    [3, 1],
  ] as const)('rule 2: an active incident with impact %i covering the component answers existing for impact %i', (held, requested) => {
    const existing = incident(held, [api]);
    expect(decideComponentStatus(board([existing], { [held]: existing.id }), { component: api, impact: requested, text: 'x' }, ctx())).toEqual({ kind: 'existing', incident: existing });
  });

  it("rule 2 counts a person's incident too, and ignores resolved incidents", () => {
    const manual = incident(3, [api, db], { system: false });
    expect(decideComponentStatus(board([manual]), { component: api, impact: 2, text: 'x' }, ctx())).toMatchObject({ kind: 'existing', incident: { id: manual.id } });
    const resolved = incident(3, [api], { status: 'resolved' });
    expect(decideComponentStatus(board([resolved]), { component: api, impact: 2, text: 'x' }, ctx()).kind).toBe('needs-id');
  });

  it('rule 3: creates a system incident when none of the impact exists (after drawing an id)', () => {
    const state = board([]);
    expect(decideComponentStatus(state, { component: api, impact: 2, text: 'API errors' }, ctx())).toEqual({ kind: 'needs-id' });
    const decision = change(decideComponentStatus(state, { component: api, impact: 2, text: 'API errors' }, ctx({ newIncidentId: 'INC-20261124-0100' })));
    expect(decision).toMatchObject({ result: 'created', created: true, component: { id: api.id, version: api.version + 1 }, pointers: [{ impact: 2, expected: 0, incident_id: 'INC-20261124-0100' }] });
    expect(decision.incident).toMatchObject({
      id: 'INC-20261124-0100',
      title: 'API errors',
      impact: 2,
      severity: 'high',
      system: true,
      components: [api.id],
      affected_services: ['api'],
      affected_regions: ['eu-de'],
      created_by: 'metric-processor',
      incident_type: 'degraded_performance',
    });
    expect(decision.writes).toHaveLength(1);
    expect(decision.writes[0]?.before).toBeUndefined();
    expect(decision.writes[0]?.entries.map((e) => [e.type, e.message])).toEqual([['incident.created', 'api (region=eu-de) added']]);
  });

  it('rule 3: adds the component to the active system incident of exactly the requested impact', () => {
    const two = incident(2, [db]);
    const one = incident(1, [web]);
    const decision = change(decideComponentStatus(board([two, one], { 2: two.id, 1: one.id }), { component: api, impact: 2, text: 'x' }, ctx()));
    expect(decision.result).toBe('added');
    expect(decision.created).toBe(false);
    expect(decision.incident).toMatchObject({ id: two.id, components: [db.id, api.id], version: two.version + 1, affected_services: ['db', 'api'] });
    expect(decision.writes).toHaveLength(1);
    expect(decision.writes[0]?.before).toBe(two);
    expect(decision.writes[0]?.entries[0]).toMatchObject({ type: 'incident.updated', message: 'api (region=eu-de) added', changes: { components: { from: [db.id], to: [db.id, api.id] } } });
    expect(decision.pointers).toEqual([]);
  });

  it("rule 3: a person's incident of lower impact is left alone; the component joins a system incident too", () => {
    const manual = incident(1, [api], { system: false });
    const decision = change(decideComponentStatus(board([manual]), { component: api, impact: 3, text: 'x' }, ctx({ newIncidentId: 'INC-20261124-0101' })));
    expect(decision.result).toBe('created');
    expect(decision.writes.map((w) => w.after.id)).toEqual(['INC-20261124-0101']);
  });

  it('rule 3: a pointer to an incident that is no longer a valid system incident counts as none', () => {
    const taken = { ...incident(2, [db]), system: false };
    const resolved = incident(1, [web], { status: 'resolved' });
    const state = board([taken, resolved], { 2: taken.id, 1: resolved.id });
    expect(systemIncidentAt(state, 2)).toBeUndefined();
    expect(systemIncidentAt(state, 1)).toBeUndefined();
    const decision = change(decideComponentStatus(state, { component: api, impact: 2, text: 'x' }, ctx({ newIncidentId: 'INC-20261124-0102' })));
    expect(decision.pointers).toEqual([{ impact: 2, expected: 3, incident_id: 'INC-20261124-0102' }]);
  });

  it('rule 4: alone in a lower system incident and none of the requested impact: the incident is raised', () => {
    const one = incident(1, [api]);
    const decision = change(decideComponentStatus(board([one], { 1: one.id }), { component: api, impact: 2, text: 'x' }, ctx()));
    expect(decision.result).toBe('raised');
    expect(decision.incident).toMatchObject({ id: one.id, impact: 2, severity: 'high', version: one.version + 1, system: true });
    expect(decision.writes[0]?.entries.map((e) => e.message)).toEqual(['impact changed from minor to major']);
    expect(decision.writes[0]?.entries[0]?.changes).toMatchObject({ impact: { from: 1, to: 2 }, severity: { from: 'medium', to: 'high' } });
    expect(decision.pointers).toEqual([
      { impact: 1, expected: 3, incident_id: null },
      { impact: 2, expected: 0, incident_id: one.id },
    ]);
  });

  it('rule 4: alone and a target exists: moves there and the emptied incident is closed by the system', () => {
    const one = incident(1, [api]);
    const three = incident(3, [db]);
    const decision = change(decideComponentStatus(board([one, three], { 1: one.id, 3: three.id }), { component: api, impact: 3, text: 'x' }, ctx()));
    expect(decision.result).toBe('moved');
    expect(decision.incident).toMatchObject({ id: three.id, components: [db.id, api.id] });
    const [from, into] = decision.writes;
    expect(from?.after).toMatchObject({ id: one.id, components: [], status: 'closed', version: one.version + 2, closed_at: now, resolved_at: now, system: true });
    expect(from?.entries.map((e) => [e.type, e.message, e.actor.kind])).toEqual([
      ['incident.updated', `moved to ${link(three.id)}`, 'machine'],
      ['incident.status_changed', 'closed by system', 'system'],
    ]);
    expect((from?.entries[0]?.id ?? '') < (from?.entries[1]?.id ?? '')).toBe(true);
    expect(into?.entries.map((e) => e.message)).toEqual([`moved from ${link(one.id)}`]);
    expect(decision.pointers).toEqual([{ impact: 1, expected: 3, incident_id: null }]);
  });

  it('rule 4: with company and a target: moves there, the old incident stays open', () => {
    const one = incident(1, [api, db]);
    const two = incident(2, [web]);
    const decision = change(decideComponentStatus(board([one, two], { 1: one.id, 2: two.id }), { component: api, impact: 2, text: 'x' }, ctx()));
    expect(decision.result).toBe('moved');
    const [from, into] = decision.writes;
    expect(from?.after).toMatchObject({ id: one.id, components: [db.id], status: 'open' });
    expect(from?.entries.map((e) => e.message)).toEqual([`moved to ${link(two.id)}`]);
    expect(into?.after).toMatchObject({ id: two.id, components: [web.id, api.id] });
    expect(decision.pointers).toEqual([]);
  });

  it('rule 4: with company and no target: a new system incident is created and the component moves there', () => {
    const one = incident(1, [api, db]);
    const state = board([one], { 1: one.id });
    expect(decideComponentStatus(state, { component: api, impact: 3, text: 'API down' }, ctx()).kind).toBe('needs-id');
    const decision = change(decideComponentStatus(state, { component: api, impact: 3, text: 'API down' }, ctx({ newIncidentId: 'INC-20261124-0200' })));
    expect(decision).toMatchObject({ result: 'moved', created: true, incident: { id: 'INC-20261124-0200', impact: 3, components: [api.id], incident_type: 'outage' } });
    const [into, from] = [decision.writes.find((w) => w.before === undefined), decision.writes.find((w) => w.before !== undefined)];
    expect(into?.entries[0]).toMatchObject({ type: 'incident.created', message: `moved from ${link(one.id)}` });
    expect(from?.after.components).toEqual([db.id]);
    expect(from?.entries[0]?.message).toBe(`moved to ${link('INC-20261124-0200')}`);
    expect(decision.pointers).toEqual([{ impact: 3, expected: 0, incident_id: 'INC-20261124-0200' }]);
  });

  it('never writes an incident without the system flag', () => {
    const manual = incident(1, [api, db], { system: false });
    const sys = incident(2, [web]);
    for (const impact of [1, 2, 3] as const) {
      const decision = decideComponentStatus(board([manual, sys], { 2: sys.id }), { component: db, impact, text: 'x' }, ctx({ newIncidentId: 'INC-20261124-0300' }));
      if (decision.kind === 'change') for (const w of decision.writes) expect(w.before?.system ?? w.after.system).toBe(true);
    }
  });

  it("reports a component's current impact from its highest active incident", () => {
    const one = incident(1, [api]);
    const three = incident(3, [api], { system: false });
    expect(componentStatus(board([one, three]), api.id, now)).toMatchObject({ impact: 3, incident: { id: three.id } });
    expect(componentStatus(board([one, three]), db.id, now)).toEqual({ impact: 0, incident: null, maintenance: null });
  });
});
