/**
 * A system incident's membership, stored per component so that concurrent joins and leaves
 * commute (shared/store/components/dynamo-component-store.ts); the incident's `components`,
 * `affected_services` and `affected_regions` are derived from it. Kept apart from the decision so
 * that the incident store can derive them without loading it.
 */
import type { Incident } from '#shared/domain/incidents/incident.ts';

/**
 * One component's membership in a system incident: when it joined (the order of `components`),
 * and what it contributes to `affected_services` (its name) and `affected_regions`.
 */
export interface Member {
  readonly at: string;
  readonly name: string;
  readonly regions: readonly string[];
}

/** The incident's membership fields derived from its members (joined order, then id). */
export function fromMembers(members: Readonly<Record<string, Member>>): Pick<Incident, 'components' | 'affected_services' | 'affected_regions'> {
  const ordered = Object.entries(members).sort(([a, x], [b, y]) => x.at.localeCompare(y.at) || a.localeCompare(b));
  return {
    components: ordered.map(([id]) => id),
    affected_services: [...new Set(ordered.map(([, m]) => m.name).filter((name) => name !== ''))],
    affected_regions: [...new Set(ordered.flatMap(([, m]) => m.regions))],
  };
}

