/**
 * The component-status properties of test/unit/domain/components/component-status.property.test.ts
 * on DynamoDB Local, through the real use cases (report, create / change status / patch an
 * incident, create a maintenance window) and checked on the stored state: fewer, shorter sequences.
 * Each sequence works on components of its own (the table, and so the system incidents per impact,
 * are shared by the sequences of this file), with an injected clock that moves 1 s per step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newComponent, newComponentId, type Component } from '#shared/domain/components/component.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import type { Actor, Incident } from '#shared/domain/incidents/incident.ts';
import { isActive } from '#shared/domain/incidents/lifecycle.ts';
import { DynamoComponentStore } from '#shared/store/components/dynamo-component-store.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { createMaintenance } from '#shared/use-cases/components/components.ts';
import { incidentLink, type ComponentDeps } from '#shared/use-cases/components/deps.ts';
import { reportComponentStatus } from '#shared/use-cases/components/report-component-status.ts';
import { changeStatus } from '#shared/use-cases/incidents/change-status.ts';
import { createIncident } from '#shared/use-cases/incidents/create-incident.ts';
import { updateIncident } from '#shared/use-cases/incidents/update-incident.ts';
import { COMPONENTS, Model, opArb, type Op } from '../support/component-model.ts';

const monitor: Actor = { id: 'mp', name: 'metric-processor', kind: 'machine' };
const alice: Actor = { id: 'u1', name: 'alice', kind: 'user' };

let clock = Date.now();
const now = () => new Date(clock);
const components = new DynamoComponentStore();
const store = new DynamoIncidentStore();
const deps: ComponentDeps = { components, incidents: store, now, link: incidentLink('https://status.test'), budgetMs: 120_000 };
const incidentDeps = { store, now };

let run = 0;

async function sequence(ops: readonly Op[]): Promise<void> {
  run += 1;
  const mine: Component[] = [];
  for (let i = 0; i < COMPONENTS; i++) {
    const c = newComponent(newComponentId(), { name: `prop-${run}-${i}`, attributes: i % 2 ? [{ name: 'region', value: `r-${i}` }] : [] }, now().toISOString());
    await components.putComponent(c);
    mine.push(c);
  }
  const ids = mine.map((c) => c.id);
  const model = new Model(ids);
  /** What people last wrote: the API must leave it as it is. */
  const people = new Map<string, Incident>();
  const mineActive = async () => (await components.board()).incidents.filter((i) => isActive(i.status) && i.components.some((id) => ids.includes(id)));

  for (const op of ops) {
    clock += 1000;
    const active = await mineActive();
    switch (op.kind) {
      case 'report': {
        const c = mine[op.component] as Component;
        const expected = model.report(
          c.id,
          op.impact,
          clock,
          active.filter((i) => !i.system).map((i) => ({ impact: i.impact, components: i.components, active: true })),
        );
        const outcome = await reportComponentStatus(deps, { name: c.name, impact: op.impact }, monitor).catch((error: unknown) => {
          if (error instanceof ConflictError) return 'existing' as const;
          throw error;
        });
        const kind = outcome === 'existing' ? 'existing' : outcome.result === 'maintenance' ? 'maintenance' : 'change';
        expect(kind, `${op.component}@${op.impact}`).toBe(expected.kind);
        if (outcome !== 'existing' && outcome.incident) expect(outcome.incident).toMatchObject({ system: true, impact: op.impact });
        break;
      }
      case 'resolve': {
        const target = active[op.pick % Math.max(1, active.length)];
        if (!target) break;
        const { incident } = await changeStatus(incidentDeps, target.id, 'resolved', alice, undefined);
        if (target.system) model.leaveAutomation(target.components.filter((id) => ids.includes(id)));
        else people.set(incident.id, incident);
        break;
      }
      case 'maintenance': {
        const c = mine[op.component] as Component;
        await createMaintenance(deps, { title: 'm', components: [c.id], start_time: now().toISOString(), end_time: new Date(clock + op.minutes * 1000).toISOString() }, alice);
        model.maintenances.push({ component: c.id, start: clock, end: clock + op.minutes * 1000 });
        break;
      }
      case 'personCreate': {
        const { incident } = await createIncident(incidentDeps, { title: 'by hand', impact: op.impact, components: op.components.map((i) => ids[i] as string) }, alice);
        people.set(incident.id, incident);
        break;
      }
      case 'personEdit': {
        // Only incidents that hold this sequence's components alone: others belong to earlier sequences' models.
        const system = active.filter((i) => i.system && i.components.every((id) => ids.includes(id)));
        const target = system[op.pick % Math.max(1, system.length)];
        if (!target) break;
        const { incident } = await updateIncident(incidentDeps, target.id, { title: 'taken over' }, alice, target.version);
        expect(incident.system).toBe(false);
        model.leaveAutomation(target.components);
        people.set(incident.id, incident);
        break;
      }
    }

    // The invariants, on what is stored.
    const board = await components.board();
    const system = board.incidents.filter((i) => i.system && isActive(i.status));
    expect(system.filter((i) => i.components.length === 0)).toEqual([]);
    for (const id of ids) {
      const holding = system.filter((i) => i.components.includes(id));
      expect(holding.length, `${id} in ${holding.map((i) => i.id).join(', ')}`).toBeLessThanOrEqual(1);
      expect(holding[0]?.impact ?? 0, `${id}: stored vs model`).toBe(model.system.get(id));
    }
    for (const [id, written] of people) expect(await store.get(id)).toEqual(written);
  }
  // Every change has its timeline entry: one per version, on every incident this sequence touched.
  const touched = new Set((await components.board()).incidents.filter((i) => i.components.some((id) => ids.includes(id))).map((i) => i.id));
  for (const id of [...touched, ...people.keys()]) {
    const detail = await store.getDetail(id);
    expect(detail?.timeline, id).toHaveLength(detail?.incident.version ?? -1);
  }
}

describe('component status properties on DynamoDB Local', () => {
  it('random sequences through the real use cases keep every rule on the stored state', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), (ops) => sequence(ops)),
      { numRuns: 20, endOnFailure: true },
    );
  });
});
