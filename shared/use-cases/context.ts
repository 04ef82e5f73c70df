/** What every use case receives: its store and a clock (tests pin time through it). */
import type { Actor } from '#shared/domain/incidents/incident.ts';
import type { IncidentStore } from '#shared/store/incidents/incident-store.ts';
import type { Principal } from '#shared/http/auth.ts';

export interface Deps {
  readonly store: IncidentStore;
  readonly now: () => Date;
  /**
   * Who of a team is on call at an instant (paging: shared/use-cases/paging/who-is-on-call.ts), with
   * the team's name; undefined when the team, its schedule or an on-call person is missing. Only
   * the create handler wires it, so the other incident handlers do not load the rotation code.
   */
  readonly onCall?: (teamId: string, at: string) => Promise<{ readonly user: string; readonly teamName: string } | undefined>;
}

export const systemClock = (): Date => new Date();

export function actorOf(principal: Principal): Actor {
  return { id: principal.id, name: principal.name, kind: principal.kind };
}
