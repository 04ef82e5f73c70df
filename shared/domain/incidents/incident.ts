/**
 * The incident record and the pure rules for creating and changing it. Every change produces a
 * timeline entry (the outbox): who, when, what, and the before/after of every changed field.
 */
import { ConflictError, InvalidInputError } from '#shared/domain/errors.ts';
import { ulid } from '#shared/domain/ids.ts';
import { isActive, transition, type Status } from '#shared/domain/incidents/lifecycle.ts';
import { impactOf, severityOf, type Impact, type IncidentType, type Severity } from '#shared/domain/severity.ts';

export interface Actor {
  readonly id: string;
  readonly name: string;
  readonly kind: 'user' | 'machine' | 'system';
}

export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'system', kind: 'system' };

export interface Incident {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  impact: Impact;
  incident_type: IncidentType;
  status: Status;
  affected_services: string[];
  affected_regions: string[];
  /** Ids of the registered components this incident affects (shared/domain/components/component.ts). */
  components: string[];
  assigned_team: string | null;
  assignee: string | null;
  start_time: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  snoozed_until: string | null;
  public_message: string | null;
  internal_notes: string | null;
  is_public: boolean;
  rss_enabled: boolean;
  /** Opened by automation (component status, alarms); a person's edit makes it false. */
  system: boolean;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
  mtta_seconds: number | null;
  mttr_seconds: number | null;
  /** reviews (issue 13): set with `closed_at` when the incident is closed (the review is done). */
  review_completed_at: string | null;
}

/** Field order of the API representation (DynamoDB returns attributes unordered). */
export const INCIDENT_FIELDS = [
  'id', 'title', 'description', 'severity', 'impact', 'incident_type', 'status', 'affected_services', 'affected_regions',
  'components', 'assigned_team', 'assignee', 'start_time', 'acknowledged_at', 'resolved_at', 'closed_at', 'snoozed_until',
  'public_message', 'internal_notes', 'is_public', 'rss_enabled', 'system', 'created_by', 'created_at', 'updated_at',
  'version', 'mtta_seconds', 'mttr_seconds', 'review_completed_at',
] as const satisfies readonly (keyof Incident)[];

/** Fields a person may set on create and change with PATCH. */
export interface IncidentFields {
  title: string;
  description: string;
  severity: Severity;
  impact: Impact;
  incident_type: IncidentType;
  affected_services: string[];
  affected_regions: string[];
  components: string[];
  assigned_team: string | null;
  assignee: string | null;
  start_time: string;
  snoozed_until: string | null;
  public_message: string | null;
  internal_notes: string | null;
  is_public: boolean;
  rss_enabled: boolean;
}

export type NewIncidentInput = Partial<IncidentFields> & { title: string; severity?: Severity; impact?: Impact };
export type IncidentPatch = Partial<IncidentFields>;

export type TimelineType =
  | 'incident.created'
  | 'incident.updated'
  | 'incident.status_changed'
  | 'incident.acknowledged'
  | 'incident.resolved'
  | 'incident.update_added'
  | 'incident.comment_added'
  | 'incident.assigned'
  | 'incident.unassigned'
  | 'incident.deleted'
  // Paging (shared/domain/paging/escalation.ts): a step of an escalation ran.
  | 'incident.escalated'
  // Automated responses (shared/domain/automation/automated-response.ts): an execution's status changed.
  | 'incident.automated_response'
  // Integrations (shared/domain/integrations/change.ts): a change event (deploy, config change) of the incident's service or component.
  | 'incident.change_recorded';

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

export interface TimelineEntry {
  /** Stable id; the CloudEvent id of the event published from it. */
  id: string;
  incident_id: string;
  type: TimelineType;
  at: string;
  actor: Actor;
  message: string | null;
  public_message: string | null;
  update_type: string | null;
  changes: FieldChanges;
  /** The incident after the change (what the published event carries). */
  incident: Incident;
}

/** Allowed clock skew for times in the future (start_time). */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

function severityAndImpact(input: { severity?: Severity | undefined; impact?: Impact | undefined }): { severity: Severity; impact: Impact } {
  if (input.severity !== undefined && input.impact !== undefined) return { severity: input.severity, impact: input.impact };
  if (input.severity !== undefined) return { severity: input.severity, impact: impactOf(input.severity) };
  if (input.impact !== undefined) return { severity: severityOf(input.impact), impact: input.impact };
  throw new InvalidInputError('Give a severity (critical, high, medium, low, minor or SEV1..SEV4) or an impact (0..3).');
}

function checkStartTime(startTime: string, now: string): void {
  if (Date.parse(startTime) > Date.parse(now) + FUTURE_TOLERANCE_MS) {
    throw new InvalidInputError(`start_time ${startTime} is in the future; an incident cannot start after it is reported.`);
  }
}

export function newIncident(id: string, input: NewIncidentInput, actor: Actor, now: string, options: { system?: boolean } = {}): { incident: Incident; entry: TimelineEntry } {
  const { severity, impact } = severityAndImpact(input);
  const startTime = input.start_time ?? now;
  checkStartTime(startTime, now);
  const incident: Incident = {
    id,
    title: input.title,
    description: input.description ?? '',
    severity,
    impact,
    incident_type: input.incident_type ?? (impact === 0 ? 'maintenance' : 'other'),
    status: 'open',
    affected_services: input.affected_services ?? [],
    affected_regions: input.affected_regions ?? [],
    components: input.components ?? [],
    assigned_team: input.assigned_team ?? null,
    assignee: input.assignee ?? null,
    start_time: startTime,
    acknowledged_at: null,
    resolved_at: null,
    closed_at: null,
    snoozed_until: null,
    public_message: input.public_message ?? null,
    internal_notes: input.internal_notes ?? null,
    is_public: input.is_public ?? true,
    rss_enabled: input.rss_enabled ?? true,
    system: options.system ?? false,
    created_by: actor.name,
    created_at: now,
    updated_at: now,
    version: 1,
    mtta_seconds: null,
    mttr_seconds: null,
    review_completed_at: null,
  };
  if (input.snoozed_until) Object.assign(incident, snooze(incident, input.snoozed_until, now));
  return { incident, entry: timelineEntry(incident, 'incident.created', actor, now, {}, {}) };
}

function snooze(incident: Incident, until: string | null, now: string): Partial<Incident> {
  if (until === null) return { snoozed_until: null };
  if (incident.status !== 'open') {
    throw new ConflictError(`Only an open incident can be snoozed; this one is '${incident.status}'.`, { current_status: incident.status });
  }
  if (Date.parse(until) <= Date.parse(now)) throw new InvalidInputError(`snoozed_until ${until} is not in the future.`);
  return { snoozed_until: until };
}

export interface Change {
  readonly incident: Incident;
  readonly entry: TimelineEntry;
}

export function timelineEntry(
  incident: Incident,
  type: TimelineType,
  actor: Actor,
  at: string,
  changes: FieldChanges,
  extra: { message?: string | null; public_message?: string | null; update_type?: string | null },
): TimelineEntry {
  return {
    id: ulid(Date.parse(at)),
    incident_id: incident.id,
    type,
    at,
    actor,
    message: extra.message ?? null,
    public_message: extra.public_message ?? null,
    update_type: extra.update_type ?? null,
    changes,
    incident,
  };
}

function diff(before: Incident, after: Incident): FieldChanges {
  const changes: FieldChanges = {};
  for (const key of Object.keys(after) as (keyof Incident)[]) {
    if (key === 'updated_at' || key === 'version') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}

/**
 * The next version of an incident. `edit` marks a change of its content (PATCH, updates): when a
 * person makes one, the incident stops being a system incident and automation leaves it alone.
 */
function bump(before: Incident, fields: Partial<Incident>, actor: Actor, now: string, edit: boolean): Incident {
  const system = edit && actor.kind === 'user' ? false : before.system;
  return { ...before, ...fields, system, updated_at: now, version: before.version + 1 };
}

/** PATCH: apply fields, keep severity and impact consistent when only one of them changes. */
export function applyPatch(before: Incident, patch: IncidentPatch, actor: Actor, now: string): Change {
  const fields: Partial<Incident> = { ...patch };
  if (patch.severity !== undefined && patch.impact === undefined) fields.impact = impactOf(patch.severity);
  if (patch.impact !== undefined && patch.severity === undefined) fields.severity = severityOf(patch.impact);
  if (patch.start_time !== undefined) checkStartTime(patch.start_time, now);
  if (patch.snoozed_until !== undefined) Object.assign(fields, snooze(before, patch.snoozed_until, now));
  const after = bump(before, fields, actor, now, true);
  return { incident: after, entry: timelineEntry(after, 'incident.updated', actor, now, diff(before, after), {}) };
}

/** The timeline type of a status move: acknowledged and resolved have their own events. */
function statusEntryType(to: Status): TimelineType {
  if (to === 'acknowledged') return 'incident.acknowledged';
  if (to === 'resolved') return 'incident.resolved';
  return 'incident.status_changed';
}

export function changeStatus(before: Incident, to: Status, actor: Actor, now: string, message: string | null): Change {
  const after = bump(before, transition(before, to, now), actor, now, false);
  return { incident: after, entry: timelineEntry(after, statusEntryType(to), actor, now, diff(before, after), { message }) };
}

export interface UpdateInput {
  status?: Status | undefined;
  message: string;
  public_message?: string | undefined;
  update_type: string;
}

/** A timeline update: a message, optionally a public message and a status move. */
export function addUpdate(before: Incident, input: UpdateInput, actor: Actor, now: string): Change {
  const fields: Partial<Incident> = input.status !== undefined && input.status !== before.status ? transition(before, input.status, now) : {};
  if (input.public_message !== undefined) fields.public_message = input.public_message;
  const after = bump(before, fields, actor, now, true);
  return {
    incident: after,
    entry: timelineEntry(after, 'incident.update_added', actor, now, diff(before, after), {
      message: input.message,
      public_message: input.public_message ?? null,
      update_type: input.update_type,
    }),
  };
}

/** Comments and assignments: no field changes on the incident, but a new version and a timeline entry. */
export function touch(before: Incident, type: TimelineType, actor: Actor, now: string, message: string, changes: FieldChanges = {}): Change {
  const after = bump(before, {}, actor, now, false);
  return { incident: after, entry: timelineEntry(after, type, actor, now, changes, { message }) };
}

export function isOpenForWork(incident: Incident): boolean {
  return isActive(incident.status);
}

/**
 * Paging: the timeline entry of an incident created for a team and assigned to the team's on-call
 * person ("assigned to alice (on call for Payments)"), by the system. It commits with the create;
 * its id is a millisecond later than the create's, so it sorts right after it on the timeline.
 */
export function onCallAssignment(incident: Incident, user: string, teamName: string, now: string): TimelineEntry {
  const entry = timelineEntry(incident, 'incident.assigned', SYSTEM_ACTOR, now, { assignee: { from: null, to: user } }, { message: `assigned to ${user} (on call for ${teamName})` });
  return { ...entry, id: ulid(Date.parse(now) + 1) };
}
