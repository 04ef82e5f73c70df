/**
 * The component-status decision against DynamoDB Local: concurrency (one read, one conditional
 * transaction, retried), the board copies and the summary aggregates kept right, round trips.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { newComponent, newComponentId, type Component } from '#shared/domain/components/component.ts';
import { STATUS_IMPACTS } from '#shared/domain/components/component-status.ts';
import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import { dayKey, incidentId } from '#shared/domain/ids.ts';
import { changeStatus, newIncident, type Actor, type Incident } from '#shared/domain/incidents/incident.ts';
import { isActive } from '#shared/domain/incidents/lifecycle.ts';
import { dynamoCalls, resetDynamoCalls } from '#shared/store/client.ts';
import { DynamoComponentStore } from '#shared/store/components/dynamo-component-store.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { incidentLink, type ComponentDeps } from '#shared/use-cases/components/deps.ts';
import { reportComponentStatus, type ComponentStatusOutcome } from '#shared/use-cases/components/report-component-status.ts';

const components = new DynamoComponentStore();
const incidents = new DynamoIncidentStore();
const deps: ComponentDeps = { components, incidents, now: () => new Date(), link: incidentLink('https://status.test') };
const monitor: Actor = { id: 'mp', name: 'metric-processor', kind: 'machine' };
const alice: Actor = { id: 'u-1', name: 'alice', kind: 'user' };

async function register(name: string, attributes: { name: string; value: string }[] = []): Promise<Component> {
  const component = newComponent(newComponentId(), { name, attributes }, new Date().toISOString());
  await components.putComponent(component);
  return component;
}

type Settled = { outcome?: ComponentStatusOutcome; error?: unknown };
const settle = (p: Promise<ComponentStatusOutcome>): Promise<Settled> => p.then((outcome) => ({ outcome }), (error: unknown) => ({ error }));

/** Every active system incident on the board, and the invariant: no component in two of them. */
async function activeSystemIncidents(): Promise<Incident[]> {
  const board = await components.board();
  const active = board.incidents.filter((i) => i.system && isActive(i.status));
  const seen = new Map<string, string>();
  for (const incident of active) {
    for (const c of incident.components) {
      expect(seen.get(c), `component ${c} in ${seen.get(c)} and ${incident.id}`).toBeUndefined();
      seen.set(c, incident.id);
    }
  }
  return active;
}

async function expectSummaryMatches(ids: string[]) {
  const summary = await incidents.summary();
  const stored = (await Promise.all(ids.map((id) => incidents.get(id)))).filter((i): i is Incident => i !== undefined);
  for (const status of ['open', 'closed'] as const) {
    expect(summary.by_status[status], status).toBe(stored.filter((i) => i.status === status).length);
  }
}

describe('component status on DynamoDB Local', () => {
  const created: string[] = [];
  const track = (results: Settled[]) => {
    for (const r of results) if (r.outcome?.incident && !created.includes(r.outcome.incident.id)) created.push(r.outcome.incident.id);
  };

  beforeAll(async () => {
    // Fresh table per file; nothing else writes incidents here.
    expect((await incidents.summary()).total).toBe(0);
  });

  it('50 concurrent identical requests for one component: one incident, 49 conflicts naming it', async () => {
    const api = await register('api', [{ name: 'region', value: 'eu-de' }]);
    const results = await Promise.all(Array.from({ length: 50 }, () => settle(reportComponentStatus(deps, { name: 'api', impact: 2, text: 'API errors' }, monitor))));
    track(results);
    const ok = results.filter((r) => r.outcome);
    expect(ok).toHaveLength(1);
    expect(ok[0]?.outcome).toMatchObject({ result: 'created', created: true, incident: { impact: 2, system: true, components: [api.id], title: 'API errors' } });
    const conflicts = results.filter((r) => r.error instanceof ConflictError);
    expect(conflicts).toHaveLength(49);
    for (const c of conflicts) expect((c.error as ConflictError).details).toMatchObject({ existingIncidentId: ok[0]?.outcome?.incident?.id, existingIncidentTitle: 'API errors' });
    expect(await activeSystemIncidents()).toHaveLength(1);
  });

  it('20 concurrent requests for 20 components at one impact: one incident with all 20', async () => {
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => register(`svc-${i}`)));
    const results = await Promise.all(many.map((c) => settle(reportComponentStatus(deps, { name: c.name, impact: 1 }, monitor))));
    track(results);
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(results.filter((r) => r.outcome?.result === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.outcome?.result === 'added')).toHaveLength(19);
    const ones = (await activeSystemIncidents()).filter((i) => i.impact === 1);
    expect(ones).toHaveLength(1);
    expect(new Set(ones[0]?.components)).toEqual(new Set(many.map((c) => c.id)));
    const stored = await incidents.getDetail(ones[0]?.id ?? '');
    expect(stored?.incident.components).toHaveLength(20);
    expect(stored?.incident.version).toBe(20);
    expect(stored?.timeline).toHaveLength(20);
    expect(stored?.timeline.map((e) => e.message)).toEqual(expect.arrayContaining(many.map((c) => `${c.name} added`)));
  });

  it('concurrent raises of two components of one incident lose none and leave none in two incidents', async () => {
    for (const [round, impacts] of [[0, [2, 2]], [1, [2, 3]], [2, [3, 3]]] as const) {
      const a = await register(`raise-a-${round}`);
      const b = await register(`raise-b-${round}`);
      const first = await reportComponentStatus(deps, { name: a.name, impact: 1 }, monitor);
      await reportComponentStatus(deps, { name: b.name, impact: 1 }, monitor);
      const [ra, rb] = await Promise.all([
        settle(reportComponentStatus(deps, { name: a.name, impact: impacts[0] }, monitor)),
        settle(reportComponentStatus(deps, { name: b.name, impact: impacts[1] }, monitor)),
      ]);
      track([ra, rb]);
      expect(ra.error).toBeUndefined();
      expect(rb.error).toBeUndefined();
      const active = await activeSystemIncidents();
      const holding = (c: Component) => active.filter((i) => i.components.includes(c.id));
      expect(holding(a)).toHaveLength(1);
      expect(holding(b)).toHaveLength(1);
      expect(holding(a)[0]?.impact).toBe(impacts[0]);
      expect(holding(b)[0]?.impact).toBe(impacts[1]);
      // Both left the incident they shared at impact 1 (it may hold other components and stay open).
      const source = await incidents.get(first.incident?.id ?? '');
      expect(source?.components ?? []).not.toContain(a.id);
      expect(source?.components ?? []).not.toContain(b.id);
    }
  });

  it('keeps the summary aggregates equal to the stored incidents', async () => {
    await expectSummaryMatches(created);
  });

  it('uses one read and one transaction for an add, and one more call to draw a new id', async () => {
    const x = await register('rt-x');
    const y = await register('rt-y');
    resetDynamoCalls();
    const first = await reportComponentStatus(deps, { name: x.name, impact: 3, text: 'x down' }, monitor);
    // impact 3 was free before this test? Either created (3 calls) or added (2 calls).
    expect(dynamoCalls.count).toBe(first.result === 'created' ? 3 : 2);
    resetDynamoCalls();
    const second = await reportComponentStatus(deps, { name: y.name, impact: 3 }, monitor);
    expect(second.result).toBe('added');
    expect(dynamoCalls.count).toBe(2);
    expect(Object.fromEntries(dynamoCalls.byCommand)).toEqual({ QueryCommand: 1, TransactWriteItemsCommand: 1 });
  });

  it("never changes a person's incident: a covering one is a 409, a lower one is left as it is", async () => {
    const c = await register('manual-c');
    const day = dayKey(new Date());
    const at = new Date().toISOString();
    const { incident, entry } = newIncident(incidentId(day, await incidents.nextSequence(day)), { title: 'by hand', impact: 1, components: [c.id] }, alice, at);
    await incidents.create(incident, entry);
    const raised = await reportComponentStatus(deps, { name: c.name, impact: 2 }, monitor);
    expect(raised.incident?.id).not.toBe(incident.id);
    expect((await incidents.get(incident.id))?.version).toBe(1);
    await expect(reportComponentStatus(deps, { name: c.name, impact: 1 }, monitor)).rejects.toThrow(ConflictError);
    // Resolving the person's incident takes it off the board.
    const resolved = changeStatus(incident, 'resolved', alice, new Date().toISOString(), null);
    await incidents.save(incident, resolved.incident, resolved.entry);
    expect((await components.board()).incidents.map((i) => i.id)).not.toContain(incident.id);
  });

  it('refuses an incident naming an unknown component and stores nothing', async () => {
    const before = (await incidents.summary()).total;
    const day = dayKey(new Date());
    const known = await register('known');
    const { incident, entry } = newIncident(incidentId(day, await incidents.nextSequence(day)), { title: 'x', impact: 1, components: [known.id, 'CMP-01JD0000000000000000000000'] }, alice, new Date().toISOString());
    await expect(incidents.create(incident, entry)).rejects.toThrow(NotFoundError);
    await expect(incidents.create(incident, entry)).rejects.toMatchObject({ details: { unknown_components: ['CMP-01JD0000000000000000000000'] } });
    expect(await incidents.get(incident.id)).toBeUndefined();
    expect((await incidents.summary()).total).toBe(before);
  });

  it('answers 404 for an unknown component name', async () => {
    await expect(reportComponentStatus(deps, { name: 'nope', impact: 1 }, monitor)).rejects.toThrow(NotFoundError);
    expect(STATUS_IMPACTS).toEqual([1, 2, 3]);
  });
});
