/**
 * What the incident use cases need from storage. shared/store/incidents/dynamo-incident-store.ts implements
 * it on the single table; use cases receive this interface.
 */
import type { AlertLink } from '#shared/domain/integrations/integration.ts';
import type { Incident, TimelineEntry } from '#shared/domain/incidents/incident.ts';
import type { Status } from '#shared/domain/incidents/lifecycle.ts';
import type { IncidentType, Severity } from '#shared/domain/severity.ts';
import type { TransactItem } from '#shared/store/transact.ts';

export interface Comment {
  id: string;
  incident_id: string;
  author: string;
  body: string;
  created_at: string;
}

export interface Assignment {
  incident_id: string;
  user: string;
  role: string;
  assigned_by: string;
  assigned_at: string;
}

export interface IncidentDetail {
  incident: Incident;
  timeline: TimelineEntry[];
  comments: Comment[];
  assignments: Assignment[];
  /** Integrations: the short copies of the alerts linked to it (keys.incidentAlertLink). */
  alerts?: AlertLink[];
}

export interface IdempotencyRecord {
  caller: string;
  key: string;
  request_hash: string;
  status: number;
  body: unknown;
}

export interface ListFilter {
  statuses?: Status[] | undefined;
  severities?: Severity[] | undefined;
  types?: IncidentType[] | undefined;
  service?: string | undefined;
  region?: string | undefined;
  team?: string | undefined;
  /** A component id the incident's `components` contain. */
  component?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Summary {
  total: number;
  active: number;
  by_status: Record<Status, number>;
  by_severity: Record<Severity, number>;
  active_by_severity: Record<Severity, number>;
  by_status_and_severity: Record<Status, Record<Severity, number>>;
}

/** Extra writes that commit atomically with an incident change. */
export type SideWrite =
  | { kind: 'putComment'; comment: Comment }
  | { kind: 'putAssignment'; assignment: Assignment }
  | { kind: 'deleteAssignment'; incidentId: string; user: string };

/** The stored version differed from the expected one (someone else changed the incident). */
export class VersionConflict extends Error {}
/** The idempotency key was used before; the record tells what was answered then. */
export class IdempotencyKeyUsed extends Error {
  constructor(readonly record: IdempotencyRecord) {
    super('idempotency key already used');
  }
}
/** A side write's own condition failed (assignment exists / does not exist). */
export class SideWriteRejected extends Error {}
/** The incident a side write belongs to does not exist or was deleted. */
export class IncidentMissing extends Error {}
/** The incident's board copy went away (it left the board) between the read and a side write: read again. */
export class BoardCopyChanged extends Error {}
/** The condition of one of the `extra` items of a save failed (e.g. a timer that already fired). */
export class ExtraWriteRejected extends Error {
  constructor(readonly failed: number[]) {
    super(`extra write(s) ${failed.join(', ')} rejected`);
  }
}

export interface SaveOptions {
  side?: SideWrite;
  deleted?: { by: string };
  /** Items of another capability that commit atomically with the change (paging: escalation state, timers). */
  extra?: readonly TransactItem[];
}

export interface IncidentStore {
  /** Next number in the day's sequence (atomic counter). */
  nextSequence(day: string): Promise<number>;
  /**
   * `more`: further timeline entries of the same create (the on-call assignment), in the same
   * transaction; `extra`: items of another capability that commit with it (integrations: the
   * alert that opened the incident, linked to it).
   */
  create(incident: Incident, entry: TimelineEntry, idempotency?: IdempotencyRecord, more?: readonly TimelineEntry[], extra?: readonly TransactItem[]): Promise<void>;
  get(id: string): Promise<Incident | undefined>;
  getDetail(id: string): Promise<IncidentDetail | undefined>;
  /** Commits `after` if the stored version is still `expectedVersion`; `deleted` soft-deletes. */
  save(before: Incident, after: Incident, entry: TimelineEntry, options?: SaveOptions): Promise<void>;
  /**
   * A side write (comment, assignment) with its timeline entry, conditional only on the incident
   * existing: the incident's version is incremented with `ADD` and `updated_at` set, so concurrent
   * side writes commute instead of conflicting on the version. Throws IncidentMissing or
   * SideWriteRejected.
   */
  /** `onBoard`: the incident is active and names components, so its board copy's version moves too. */
  addSide(entry: TimelineEntry, side: SideWrite, onBoard?: boolean): Promise<void>;
  list(filter: ListFilter, limit: number, cursor: string | undefined): Promise<Page<Incident> & { read: number }>;
  comments(id: string, limit: number, cursor: string | undefined): Promise<Page<Comment>>;
  summary(): Promise<Summary>;
}
