/**
 * Property-based tests (fast-check) of the component-status decision and the lifecycle around it,
 * against the small executable model in test/support/component-model.ts: random sequences of
 * reports, resolves, maintenance windows and people's edits, applied to an in-memory board the way
 * the store applies them (joins and leaves as their commuting member updates, everything else
 * conditional on the version read). After every step:
 * - a component is in at most one active system incident, and no active system incident is empty;
 * - a person's incident is never changed by the API;
 * - the API never lowers an impact (of an incident, or of any component);
 * - every change has its timeline entry (one per version step, naming the component);
 * - the board agrees with the model (each component's system impact).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { componentLabel, newComponent, type Component } from '#shared/domain/components/component.ts';
import { componentStatus, decideComponentStatus, fromMembers, type BoardState, type Member, type Pointer, type StatusDecision, type StatusImpact } from '#shared/domain/components/component-status.ts';
import { newMaintenance, type Maintenance } from '#shared/domain/components/maintenance.ts';
import { applyPatch, changeStatus, newIncident, type Actor, type Incident, type TimelineEntry } from '#shared/domain/incidents/incident.ts';
import { isActive } from '#shared/domain/incidents/lifecycle.ts';
import { COMPONENTS, Model, opArb, type Op } from '../../../support/component-model.ts';

const monitor: Actor = { id: 'mp', name: 'metric-processor', kind: 'machine' };
const alice: Actor = { id: 'u1', name: 'alice', kind: 'user' };
const START = Date.parse('2026-11-24T10:00:00.000Z');
const link = (id: string) => `https://status.example/incidents/${id}`;
const ulidChars = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const cid = (i: number) => `CMP-01JD00000000000000000000${ulidChars[i >> 5]}${ulidChars[i & 31]}`;

/** The in-memory table: what DynamoComponentStore and DynamoIncidentStore keep, applied the same way. */
class World {
  components: Component[];
  readonly incidents = new Map<string, Incident>();
  readonly members = new Map<string, Record<string, Member>>();
  readonly pointers: Partial<Record<StatusImpact, Pointer>> = {};
  readonly maintenances: Maintenance[] = [];
  readonly timeline = new Map<string, TimelineEntry[]>();
  /** What people last wrote, by incident id: the API must leave these exactly as they are. */
  readonly people = new Map<string, Incident>();
  private seq = 0;

  constructor() {
    this.components = Array.from({ length: COMPONENTS }, (_, i) =>
      newComponent(cid(i), { name: `svc-${i % 3}`, attributes: i % 2 ? [{ name: 'region', value: `r-${i}` }] : [] }, new Date(START).toISOString()),
    );
  }

  nextId(): string {
    this.seq += 1;
    return `INC-20261124-${String(this.seq).padStart(4, '0')}`;
  }

  board(): BoardState {
    const incidents = [...this.incidents.values()].filter((i) => isActive(i.status) && i.components.length > 0);
    const members = new Map([...this.members].filter(([id]) => incidents.some((i) => i.id === id)));
    return { components: this.components, incidents, pointers: { ...this.pointers }, maintenances: [...this.maintenances], members };
  }

  active(): Incident[] {
    return [...this.incidents.values()].filter((i) => isActive(i.status));
  }

  /** A person's write (DynamoIncidentStore: the whole item, without members). */
  personWrite(after: Incident, entry: TimelineEntry): void {
    this.incidents.set(after.id, after);
    this.members.delete(after.id);
    this.timeline.set(after.id, [...(this.timeline.get(after.id) ?? []), entry]);
    if (!after.system) this.people.set(after.id, after);
  }

  /** The decision's commit, with the store's conditions checked (a sequential world: they must hold). */
  commit(decision: Extract<StatusDecision, { kind: 'change' }>): void {
    const stored = this.components.find((c) => c.id === decision.componentBefore.id);
    expect(stored?.version).toBe(decision.componentBefore.version);
    this.components = this.components.map((c) => (c.id === decision.component.id ? decision.component : c));
    for (const p of decision.pointers) {
      expect(this.pointers[p.impact]?.version ?? 0).toBe(p.expected);
      this.pointers[p.impact] = { incident_id: p.incident_id, version: p.expected + 1 };
    }
    for (const w of decision.writes) {
      const current = this.incidents.get(w.after.id);
      if (w.join || w.leave) {
        // The commuting update: conditions on what the decision relied on, not on the version.
        expect(current?.system && isActive(current.status) && current.impact === w.before?.impact).toBe(true);
        const members = { ...this.members.get(w.after.id) };
        if (w.join) {
          expect(members[w.join.component]).toBeUndefined();
          members[w.join.component] = w.join.member;
        } else if (w.leave) {
          expect(members[w.leave.component]).toBeDefined();
          expect(Object.keys(members).length).toBeGreaterThan(1);
          delete members[w.leave.component];
        }
        this.members.set(w.after.id, members);
        const applied = { ...(current as Incident), ...fromMembers(members), updated_at: w.after.updated_at, version: (current as Incident).version + 1 };
        // What is read back equals what the decision answered.
        expect(applied).toEqual(w.after);
        this.incidents.set(w.after.id, applied);
      } else {
        if (w.before) expect(current?.version).toBe(w.before.version);
        else expect(current).toBeUndefined();
        this.incidents.set(w.after.id, w.after);
        if (w.members) {
          this.members.set(w.after.id, { ...w.members });
          expect(fromMembers(w.members).components).toEqual(w.after.components);
        } else this.members.delete(w.after.id);
      }
      this.timeline.set(w.after.id, [...(this.timeline.get(w.after.id) ?? []), ...w.entries]);
    }
  }
}

function step(world: World, model: Model, op: Op, at: number): void {
  const now = new Date(at).toISOString();
  switch (op.kind) {
    case 'report': {
      const component = world.components[op.component] as Component;
      const people = world.active().filter((i) => !i.system).map((i) => ({ impact: i.impact, components: i.components, active: true }));
      const expected = model.report(component.id, op.impact, at, people);
      const before = world.components.map((c) => componentStatus(world.board(), c.id, now).impact);
      const request = { component, impact: op.impact, text: 'report' };
      let decision = decideComponentStatus(world.board(), request, { actor: monitor, now, link });
      if (decision.kind === 'needs-id') decision = decideComponentStatus(world.board(), request, { actor: monitor, now, link, newIncidentId: world.nextId() });
      expect(decision.kind).toBe(expected.kind);
      if (decision.kind !== 'change' || expected.kind !== 'change') return;
      expect(decision.result).toBe(expected.from === 0 ? (decision.created ? 'created' : 'added') : decision.result === 'raised' ? 'raised' : 'moved');
      expect(decision.incident).toMatchObject({ system: true, impact: op.impact });
      expect(decision.incident.components).toContain(component.id);
      for (const w of decision.writes) {
        // Never a person's incident; never a lower impact; one timeline entry per version step.
        expect(w.before?.system ?? true).toBe(true);
        if (w.before) expect(w.after.impact).toBeGreaterThanOrEqual(w.before.impact);
        expect(w.entries.length).toBeGreaterThan(0);
        expect(w.after.version - (w.before?.version ?? 0)).toBe(w.before ? w.entries.length : 1);
      }
      const into = decision.writes.find((w) => w.after.id === decision.incident.id);
      expect(into?.entries.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^(${escape(componentLabel(component))} added|moved from |impact changed from )`))]));
      world.commit(decision);
      const after = world.components.map((c) => componentStatus(world.board(), c.id, now).impact);
      after.forEach((impact, i) => (i === op.component ? expect(impact).toBeGreaterThanOrEqual(before[i] as number) : expect(impact).toBe(before[i])));
      return;
    }
    case 'resolve': {
      const active = world.active();
      const target = active[op.pick % Math.max(1, active.length)];
      if (!target) return;
      const { incident, entry } = changeStatus(target, 'resolved', alice, now, null);
      if (target.system) model.leaveAutomation(target.components);
      world.personWrite(incident, entry);
      return;
    }
    case 'maintenance': {
      const id = world.components[op.component]?.id as string;
      world.maintenances.push(newMaintenance(`MNT-01JD${String(world.maintenances.length).padStart(22, '0')}`, { title: 'm', components: [id], start_time: now, end_time: new Date(at + op.minutes * 1000).toISOString() }, 'alice', now));
      model.maintenances.push({ component: id, start: at, end: at + op.minutes * 1000 });
      return;
    }
    case 'personCreate': {
      const { incident, entry } = newIncident(world.nextId(), { title: 'by hand', impact: op.impact, components: op.components.map((i) => world.components[i]?.id as string) }, alice, now);
      world.personWrite(incident, entry);
      return;
    }
    case 'personEdit': {
      const system = world.active().filter((i) => i.system);
      const target = system[op.pick % Math.max(1, system.length)];
      if (!target) return;
      const { incident, entry } = applyPatch(target, { title: 'taken over' }, alice, now);
      expect(incident.system).toBe(false);
      model.leaveAutomation(target.components);
      world.personWrite(incident, entry);
      return;
    }
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function invariants(world: World, model: Model): void {
  const active = world.active();
  const system = active.filter((i) => i.system);
  for (const c of world.components) {
    const holding = system.filter((i) => i.components.includes(c.id));
    expect(holding.length, `${c.id} in ${holding.map((i) => i.id).join(', ')}`).toBeLessThanOrEqual(1);
    expect(holding[0]?.impact ?? 0, `${c.id}: board vs model`).toBe(model.system.get(c.id));
  }
  expect(system.filter((i) => i.components.length === 0)).toEqual([]);
  for (const [id, written] of world.people) expect(world.incidents.get(id)).toEqual(written);
  // Every change has its timeline entry: versions and entries move together.
  for (const incident of world.incidents.values()) expect(world.timeline.get(incident.id)).toHaveLength(incident.version);
}

describe('component status: properties against a model', () => {
  it('random reports, resolves, maintenances and people’s edits keep every rule', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const world = new World();
        const model = new Model(world.components.map((c) => c.id));
        ops.forEach((op, i) => {
          step(world, model, op, START + i * 1000);
          invariants(world, model);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('a report repeated at once changes nothing the second time (409 or maintenance)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 20 }), fc.nat({ max: COMPONENTS - 1 }), fc.constantFrom<StatusImpact>(1, 2, 3), (ops, c, impact) => {
        const world = new World();
        const model = new Model(world.components.map((x) => x.id));
        ops.forEach((op, i) => step(world, model, op, START + i * 1000));
        const at = START + ops.length * 1000;
        step(world, model, { kind: 'report', component: c, impact }, at);
        const again = decideComponentStatus(world.board(), { component: world.components[c] as Component, impact, text: 'again' }, { actor: monitor, now: new Date(at).toISOString(), link });
        expect(['existing', 'maintenance']).toContain(again.kind);
      }),
      { numRuns: 200 },
    );
  });
});
