/** What every use case receives: its store and a clock (tests pin time through it). */
import type { Actor } from '#shared/domain/incidents/incident.ts';
import type { IncidentStore } from '#shared/store/incidents/incident-store.ts';
import type { Principal } from '#shared/http/auth.ts';

export interface Deps {
  readonly store: IncidentStore;
  readonly now: () => Date;
}

export const systemClock = (): Date => new Date();

export function actorOf(principal: Principal): Actor {
  return { id: principal.id, name: principal.name, kind: principal.kind };
}
