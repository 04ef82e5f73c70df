/**
 * A small executable model of component status (MISSION section 2) for property-based tests, and
 * the random operations they run: reports, resolves, maintenance windows and people's edits.
 *
 * The model knows, per component, only the impact of the system incident it is in (0: none), and
 * which people's incidents exist (their impact, components, whether active). A report changes the
 * model exactly when no active maintenance covers the component and no active incident holds it at
 * the requested impact or higher: then the component's system impact becomes the requested one.
 * Resolving or editing a system incident (a person) takes its components out of automation.
 */
import fc from 'fast-check';
import type { StatusImpact } from '#shared/domain/components/component-status.ts';

export type Op =
  | { readonly kind: 'report'; readonly component: number; readonly impact: StatusImpact }
  | { readonly kind: 'resolve'; readonly pick: number }
  | { readonly kind: 'maintenance'; readonly component: number; readonly minutes: number }
  | { readonly kind: 'personCreate'; readonly components: readonly number[]; readonly impact: StatusImpact }
  | { readonly kind: 'personEdit'; readonly pick: number };

export const COMPONENTS = 5;

const impact = fc.constantFrom<StatusImpact>(1, 2, 3);
const component = fc.nat({ max: COMPONENTS - 1 });

/** Reports dominate (they are what the API does); the rest changes the world around them. */
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('report' as const), component, impact }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resolve' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('maintenance' as const), component, minutes: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('personCreate' as const), components: fc.uniqueArray(component, { minLength: 1, maxLength: 2 }), impact }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('personEdit' as const), pick: fc.nat() }) },
);

/** What a report must do, from the model: nothing (maintenance / existing), or a change to `impact`. */
export type Expected = { readonly kind: 'maintenance' } | { readonly kind: 'existing' } | { readonly kind: 'change'; readonly from: number };

export interface ModelIncident {
  readonly impact: number;
  readonly components: readonly string[];
  readonly active: boolean;
}

export class Model {
  /** Component id → impact of its active system incident (0 = none). */
  readonly system = new Map<string, number>();
  /** Maintenance windows: component id → ends at (ms). */
  readonly maintenances: { component: string; start: number; end: number }[] = [];

  constructor(readonly componentIds: readonly string[]) {
    for (const id of componentIds) this.system.set(id, 0);
  }

  /** `people`: the active incidents of people naming components (from the stored state). */
  report(componentId: string, impact: number, now: number, people: readonly ModelIncident[]): Expected {
    if (this.maintenances.some((m) => m.component === componentId && m.start <= now && now < m.end)) return { kind: 'maintenance' };
    const held = Math.max(this.system.get(componentId) ?? 0, ...people.filter((p) => p.active && p.components.includes(componentId)).map((p) => p.impact));
    if (held >= impact) return { kind: 'existing' };
    const from = this.system.get(componentId) ?? 0;
    this.system.set(componentId, impact);
    return { kind: 'change', from };
  }

  /** A person resolved or edited a system incident holding these components. */
  leaveAutomation(componentIds: readonly string[]): void {
    for (const id of componentIds) this.system.set(id, 0);
  }
}
