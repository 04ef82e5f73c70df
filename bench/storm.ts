/**
 * The alarm storm (issue 14): many reports over many components, impacts mixed, all at once; and
 * the invariants afterwards. Shared by the in-process scenario (bench/component-status.ts), the
 * HTTP scenario against a started local runtime (bench/component-status-http.ts) and the tests
 * (test/integration/component-storm.test.ts, test/e2e/component-storm.test.ts).
 */

/** The storm: this many components, this many reports each, all at once; the latency goal. */
export const STORM_COMPONENTS = 50;
export const STORM_PER_COMPONENT = 4;
export const STORM_P99_LIMIT_MS = 1000;

/** The storm's reports: `components` × `perComponent`, impacts mixed (deterministic), shuffled. */
export function stormPlan(components: readonly string[], perComponent: number, seed = 14): { name: string; impact: 1 | 2 | 3 }[] {
  let state = seed >>> 0;
  const random = () => {
    // xorshift32: the same plan on every run.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const plan = components.flatMap((name) => Array.from({ length: perComponent }, () => ({ name, impact: (1 + Math.floor(random() * 3)) as 1 | 2 | 3 })));
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [plan[i], plan[j]] = [plan[j] as (typeof plan)[number], plan[i] as (typeof plan)[number]];
  }
  return plan;
}

export interface StormIncident {
  readonly id: string;
  readonly impact: number;
  readonly status: string;
  readonly system: boolean;
  readonly components: readonly string[];
}

/**
 * The storm's invariants on the active incidents afterwards: every component of the plan in exactly
 * one of them, at the highest impact reported for it. Returns the violations (empty = met).
 */
export function stormInvariants(plan: readonly { name: string; impact: number }[], idOf: ReadonlyMap<string, string>, active: readonly StormIncident[]): string[] {
  const highest = new Map<string, number>();
  for (const r of plan) highest.set(r.name, Math.max(highest.get(r.name) ?? 0, r.impact));
  const violations: string[] = [];
  for (const [name, impact] of highest) {
    const id = idOf.get(name);
    const holding = active.filter((i) => id !== undefined && i.components.includes(id));
    if (holding.length !== 1) violations.push(`${name}: in ${holding.length} active incidents (${holding.map((i) => i.id).join(', ')})`);
    else if (holding[0]?.impact !== impact) violations.push(`${name}: impact ${holding[0]?.impact}, highest reported ${impact}`);
  }
  return violations;
}

