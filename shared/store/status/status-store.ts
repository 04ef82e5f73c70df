/**
 * What the public status use cases need from storage: only the public copies (never an incident
 * item), so a private field cannot be read here at all. shared/store/status/dynamo-status-store.ts
 * implements it on the single table (docs/data-model.md, "Public status").
 */
import type { Maintenance } from '#shared/domain/components/maintenance.ts';
import type { PublicIncident, PublicUpdate } from '#shared/domain/status/public-model.ts';

export interface PublicIncidentQuery {
  /** At most this many incidents. */
  readonly limit: number;
  /** False: only active (unresolved) incidents. */
  readonly includeResolved: boolean;
  /** Only incidents with `rss_enabled` (feeds). */
  readonly feedOnly: boolean;
  /** Only incidents naming this component. */
  readonly componentId?: string | undefined;
}

export interface StatusStore {
  /** Every active public incident, newest first. */
  activeIncidents(): Promise<PublicIncident[]>;
  /** Public incidents newest first (by creation), as the query says. */
  incidents(query: PublicIncidentQuery): Promise<PublicIncident[]>;
  /** One public incident; undefined when it does not exist, is private or deleted. */
  incident(id: string): Promise<PublicIncident | undefined>;
  /** Public updates of an incident, newest first; `limit` undefined: all of them. */
  updates(incidentId: string, limit?: number): Promise<PublicUpdate[]>;
  /** Maintenance windows not expired from the board (planned, in progress, ended within a week). */
  currentMaintenances(): Promise<Maintenance[]>;
  /** The latest maintenance windows by start time, newest first. */
  recentMaintenances(limit: number): Promise<Maintenance[]>;
}
