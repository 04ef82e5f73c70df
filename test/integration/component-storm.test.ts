/**
 * Alarm storms on DynamoDB Local (issue 14): many reports over many components at once, impacts
 * mixed. Joins and leaves commute (per-component member entries, no version condition), so none
 * of them waits for the others; only raises and closes are conditional on versions.
 *
 * Two shapes: one process (the local server: in-process coalescing and queues help), and one
 * store per request (separate Lambdas: only the table's conditions keep the rules).
 */
import { describe, expect, it } from 'vitest';
import { componentLabel, newComponent, newComponentId, type Component } from '#shared/domain/components/component.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import type { Actor, Incident } from '#shared/domain/incidents/incident.ts';
import { isActive } from '#shared/domain/incidents/lifecycle.ts';
import { DynamoComponentStore } from '#shared/store/components/dynamo-component-store.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { incidentLink, type ComponentDeps } from '#shared/use-cases/components/deps.ts';
import { reportComponentStatus } from '#shared/use-cases/components/report-component-status.ts';
import { stormInvariants, stormPlan } from '../../bench/storm.ts';

const incidents = new DynamoIncidentStore();
// A generous retry budget: these tests check the rules, not this machine's speed (the bench and
// the e2e storm run with the real 8 s budget).
const shared: ComponentDeps = { components: new DynamoComponentStore(), incidents, now: () => new Date(), link: incidentLink('https://status.test'), budgetMs: 120_000 };
/** A store of its own per request: no in-process coordination, as in separate Lambdas. */
const separate = (): ComponentDeps => ({ ...shared, components: new DynamoComponentStore() });
const monitor: Actor = { id: 'mp', name: 'metric-processor', kind: 'machine' };

async function register(names: string[]): Promise<Component[]> {
  const out: Component[] = [];
  for (const name of names) {
    const c = newComponent(newComponentId(), { name, attributes: [{ name: 'region', value: `r-${name.length % 3}` }] }, new Date().toISOString());
    await shared.components.putComponent(c);
    out.push(c);
  }
  return out;
}

async function activeIncidents(): Promise<Incident[]> {
  return (await shared.components.board()).incidents.filter((i) => isActive(i.status));
}

/**
 * Every incident holding storm components names each of them in its timeline ("<label> added" or
 * "moved from …"), equals its board copy, and derives its services and regions from its members.
 */
async function expectTimelinesAndCopies(components: Component[], active: Incident[]) {
  const all = (await shared.components.board()).components;
  for (const incident of active.filter((i) => components.some((c) => i.components.includes(c.id)))) {
    const detail = await incidents.getDetail(incident.id);
    expect(detail?.incident).toEqual(incident);
    const messages = detail?.timeline.map((e) => e.message ?? '') ?? [];
    for (const c of components.filter((x) => incident.components.includes(x.id))) {
      expect(messages.some((m) => m === `${componentLabel(c)} added` || m.startsWith('moved from')), `${c.name} in ${incident.id}: ${messages.join(' | ')}`).toBe(true);
    }
    const members = incident.components.map((id) => all.find((c) => c.id === id));
    expect(incident.affected_services).toEqual([...new Set(members.map((c) => c?.name))]);
    expect(incident.affected_regions).toEqual([...new Set(members.flatMap((c) => c?.attributes.map((a) => a.value) ?? []))]);
  }
}

describe('alarm storms on DynamoDB Local', { timeout: 180_000 }, () => {
  it('concurrent leaves and joins on one incident commute: nothing lost, the last one out closes it', async () => {
    const stayers = await register(Array.from({ length: 8 }, (_, i) => `stay-${i}`));
    const leavers = await register(Array.from({ length: 8 }, (_, i) => `leave-${i}`));
    const joiners = await register(Array.from({ length: 8 }, (_, i) => `join-${i}`));
    // One system incident at impact 1 holding the stayers and the leavers (the table is fresh: this test runs first).
    for (const c of [...stayers, ...leavers]) await reportComponentStatus(shared, { name: c.name, impact: 1 }, monitor);
    const source = (await activeIncidents()).find((i) => i.system && i.impact === 1);
    expect(source).toBeDefined();
    const results = await Promise.allSettled([
      ...leavers.map((c) => reportComponentStatus(separate(), { name: c.name, impact: 2 }, monitor)),
      ...joiners.map((c) => reportComponentStatus(separate(), { name: c.name, impact: 1 }, monitor)),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const after = await incidents.get(source?.id ?? '');
    expect(new Set(after?.components)).toEqual(new Set([...(source?.components ?? []).filter((id) => !leavers.some((l) => l.id === id)), ...joiners.map((c) => c.id)]));
    // Every join and leave bumped the version once.
    expect(after?.version).toBe((source?.version ?? 0) + leavers.length + joiners.length);

    // Now everyone leaves at once: the last one out closes it by the system, none is left behind.
    const everyone = [...stayers, ...joiners];
    const out = await Promise.allSettled(everyone.map((c) => reportComponentStatus(separate(), { name: c.name, impact: 3 }, monitor)));
    expect(out.filter((r) => r.status === 'rejected')).toEqual([]);
    const closed = await incidents.get(source?.id ?? '');
    expect(closed?.components).toEqual([]);
    expect(closed?.status).toBe('closed');
    const active = await activeIncidents();
    for (const c of everyone) expect(active.filter((i) => i.components.includes(c.id)).map((i) => i.impact)).toEqual([3]);
    const detail = await incidents.getDetail(source?.id ?? '');
    expect(detail?.timeline.filter((e) => e.message === 'closed by system')).toHaveLength(1);
  });

  it('200 concurrent reports over 50 components in one process: no error but 409s, each component in one incident at its highest impact', async () => {
    const components = await register(Array.from({ length: 50 }, (_, i) => `storm-${i}`));
    const plan = stormPlan(components.map((c) => c.name), 4, 7);
    const results = await Promise.allSettled(plan.map((r) => reportComponentStatus(shared, { name: r.name, impact: r.impact, text: 'storm' }, monitor)));
    const errors = results.flatMap((r) => (r.status === 'rejected' && !(r.reason instanceof ConflictError) ? [String(r.reason)] : []));
    expect(errors).toEqual([]);
    const active = await activeIncidents();
    expect(stormInvariants(plan, new Map(components.map((c) => [c.name, c.id])), active)).toEqual([]);
    // No system incident is left active without components, and every one is at one impact of its own.
    const system = active.filter((i) => i.system);
    expect(system.filter((i) => i.components.length === 0)).toEqual([]);
    expect(new Set(system.map((i) => i.impact)).size).toBe(system.length);
    await expectTimelinesAndCopies(components, active);
  });

  it('60 concurrent reports over 15 components, one store per request (no in-process help): the same invariants', async () => {
    const components = await register(Array.from({ length: 15 }, (_, i) => `sep-${i}`));
    const plan = stormPlan(components.map((c) => c.name), 4, 99);
    const results = await Promise.allSettled(plan.map((r) => reportComponentStatus(separate(), { name: r.name, impact: r.impact }, monitor)));
    const errors = results.flatMap((r) => (r.status === 'rejected' && !(r.reason instanceof ConflictError) ? [String(r.reason)] : []));
    expect(errors).toEqual([]);
    const active = await activeIncidents();
    expect(stormInvariants(plan, new Map(components.map((c) => [c.name, c.id])), active)).toEqual([]);
    await expectTimelinesAndCopies(components, active);
  });

});
