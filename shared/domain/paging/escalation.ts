/**
 * Escalation policies and the pure rules of a running escalation. No AWS, no clock: every
 * function takes the time it needs.
 *
 * - A policy has conditions (empty lists mean "any"), ordered steps and `repeat` (how many times
 *   the chain starts again after its last step, 0..5 as in GoAlert and Grafana OnCall).
 * - `delay_minutes` of a step is how long it waits for an acknowledgement before the next step
 *   runs (GoAlert's and PagerDuty's meaning); the first step runs when the escalation starts.
 * - When escalation starts, the policy is COPIED into the escalation (PagerDuty: an incident
 *   follows the policy as it was when it was created), with a fresh token. Every timer carries the
 *   token and a sequence number; a timer whose token or sequence no longer matches is stale and
 *   is dropped (Grafana OnCall's `active_escalation_id`).
 */
import type { Incident } from '#shared/domain/incidents/incident.ts';
import type { IncidentType, Severity } from '#shared/domain/severity.ts';
import { SEVERITIES } from '#shared/domain/severity.ts';

export const MAX_DELAY_MINUTES = 1440;
export const MAX_REPEAT = 5;
export const MAX_STEPS = 20;
export const MAX_ACK_TIMEOUT_MINUTES = 1440;

export type Target = { type: 'user'; id: string } | { type: 'schedule'; id: string } | { type: 'team'; id: string };
export type Action = { type: 'notify' } | { type: 'assign' } | { type: 'raise_severity'; severity: Severity };

export interface Step {
  delay_minutes: number;
  targets: Target[];
  actions: Action[];
}

/** Empty lists match anything. `components` are component ids, `services` affected services. */
export interface Conditions {
  severities: Severity[];
  components: string[];
  services: string[];
  incident_types: IncidentType[];
  teams: string[];
}

export interface EscalationPolicy {
  id: string;
  name: string;
  description: string;
  conditions: Conditions;
  steps: Step[];
  repeat: number;
  /** An incident still `acknowledged` this long after the acknowledgement escalates again. */
  ack_timeout_minutes: number | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export type PolicyInput = Pick<EscalationPolicy, 'name' | 'description' | 'conditions' | 'steps' | 'repeat' | 'ack_timeout_minutes'>;

export const hasConditions = (c: Conditions): boolean =>
  c.severities.length + c.components.length + c.services.length + c.incident_types.length + c.teams.length > 0;

const anyOf = <T>(wanted: readonly T[], actual: T | null): boolean => wanted.length === 0 || (actual !== null && wanted.includes(actual));
const overlaps = (wanted: readonly string[], actual: readonly string[]): boolean => wanted.length === 0 || actual.some((a) => wanted.includes(a));

type Matchable = Pick<Incident, 'severity' | 'components' | 'affected_services' | 'incident_type' | 'assigned_team'>;

export function policyMatches(policy: Pick<EscalationPolicy, 'conditions'>, incident: Matchable): boolean {
  const c = policy.conditions;
  return (
    anyOf(c.severities, incident.severity) &&
    overlaps(c.components, incident.components) &&
    overlaps(c.services, incident.affected_services) &&
    anyOf(c.incident_types, incident.incident_type) &&
    anyOf(c.teams, incident.assigned_team)
  );
}

/**
 * The policy an incident follows, most specific first:
 * 1. the first policy (oldest first) with conditions that all match;
 * 2. the default policy of the incident's team;
 * 3. the first policy without conditions (a catch-all).
 */
export function selectPolicy(policies: readonly EscalationPolicy[], incident: Matchable, teamDefaultPolicyId: string | null): EscalationPolicy | undefined {
  const ordered = [...policies].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  const specific = ordered.find((p) => hasConditions(p.conditions) && policyMatches(p, incident));
  if (specific) return specific;
  const teamDefault = teamDefaultPolicyId ? ordered.find((p) => p.id === teamDefaultPolicyId) : undefined;
  if (teamDefault) return teamDefault;
  return ordered.find((p) => !hasConditions(p.conditions));
}

/** The schedules and teams a policy names (deleting one of them is refused while the policy exists). */
export function policyReferences(policy: Pick<EscalationPolicy, 'steps' | 'conditions'>): { schedules: string[]; teams: string[] } {
  const schedules = new Set<string>();
  const teams = new Set<string>(policy.conditions.teams);
  for (const step of policy.steps) {
    for (const t of step.targets) {
      if (t.type === 'schedule') schedules.add(t.id);
      if (t.type === 'team') teams.add(t.id);
    }
  }
  return { schedules: [...schedules].sort(), teams: [...teams].sort() };
}

// ---- A running escalation ----

export type EscalationState = 'active' | 'stopped' | 'completed';
/** Why a running escalation stopped (or why it was resumed). */
export type StopReason = 'acknowledged' | 'resolved' | 'closed' | 'deleted' | 'snoozed' | 'investigating';

/** Where the escalation stands: the NEXT step to run, in which loop. */
export interface Position {
  step: number;
  loop: number;
}

export interface Escalation {
  incident_id: string;
  /** Changes when an escalation starts or resumes; timers of another token are stale. */
  token: string;
  /** Bumped on every step run; the pending timer carries it. */
  seq: number;
  policy: EscalationPolicy;
  state: EscalationState;
  /** Steps run while the incident is `acknowledged` (after an acknowledgement timeout or a snooze). */
  ack_overridden: boolean;
  next: Position;
  /** How many steps have run, over all loops. */
  runs: number;
  stop_reason: StopReason | null;
  /** The last step run (escalate-now twice in a row runs once: see `recentlyEscalated`). */
  last_run: { at: string; reason: StepReason } | null;
  started_at: string;
  updated_at: string;
  version: number;
}

export type TimerKind = 'escalation_step' | 'ack_timeout' | 'snooze' | 'auto_resolve';
export const TIMER_KINDS: readonly TimerKind[] = ['escalation_step', 'ack_timeout', 'snooze', 'auto_resolve'];

export interface TimerRef {
  incident_id: string;
  kind: TimerKind;
  token: string;
  seq: number;
}

export interface Timer extends TimerRef {
  /** The Scheduler schedule's name (deterministic, ≤ 64 characters of [0-9a-zA-Z-_.]). */
  name: string;
  due_at: string;
  state: 'pending' | 'fired' | 'cancelled';
  armed_at: string;
  /** Auto-resolve: the team's setting when armed (for the timeline message). */
  hours?: number;
}

/** Due time `ms` after now, with the local speed-up. */
export function dueAfterMs(now: string, ms: number, speed = 1): string {
  return new Date(Date.parse(now) + Math.max(0, ms) / speed).toISOString();
}

const KIND_PREFIX: Readonly<Record<TimerKind, string>> = { escalation_step: 'esc', ack_timeout: 'ack', snooze: 'snz', auto_resolve: 'res' };

/**
 * `esc-INC-20261124-0042-01JD…-3`: kind, incident, token and sequence. Deterministic, so a retried
 * create of the same timer meets ConflictException instead of making a second schedule.
 * Characters outside Scheduler's alphabet become `_`; over 64 characters the incident part is
 * shortened from the left (the token keeps the name unique).
 */
export function timerName(ref: TimerRef): string {
  const clean = (s: string) => s.replace(/[^0-9a-zA-Z\-_.]/g, '_');
  const tail = `-${clean(ref.token)}-${ref.seq}`;
  const head = `${KIND_PREFIX[ref.kind]}-`;
  let incident = clean(ref.incident_id);
  const room = 64 - head.length - tail.length;
  if (incident.length > room) incident = incident.slice(incident.length - Math.max(0, room));
  return `${head}${incident}${tail}`.slice(0, 64);
}

/** Due time of a delay, with the local speed-up (1 in AWS). */
export function dueAfter(now: string, minutes: number, speed = 1): string {
  return new Date(Date.parse(now) + (minutes * 60_000) / speed).toISOString();
}

export function newEscalation(incidentId: string, policy: EscalationPolicy, token: string, now: string): Escalation {
  return {
    incident_id: incidentId,
    token,
    seq: 0,
    policy,
    state: 'active',
    ack_overridden: false,
    next: { step: 0, loop: 0 },
    runs: 0,
    stop_reason: null,
    last_run: null,
    started_at: now,
    updated_at: now,
    version: 0,
  };
}

/** The position after running `at`; undefined when the chain (with its repeats) is done. */
export function advance(policy: Pick<EscalationPolicy, 'steps' | 'repeat'>, at: Position): Position | undefined {
  if (at.step + 1 < policy.steps.length) return { step: at.step + 1, loop: at.loop };
  if (at.loop < policy.repeat) return { step: 0, loop: at.loop + 1 };
  return undefined;
}

/**
 * Whether a step may run now. It does nothing when the incident was acknowledged, resolved or
 * closed meanwhile (unless the escalation was resumed on an acknowledged incident by an
 * acknowledgement timeout or the end of a snooze), when the escalation stopped or completed, or
 * when the timer belongs to a superseded escalation.
 */
export function stepBlocked(incident: Pick<Incident, 'status' | 'snoozed_until'> | undefined, escalation: Escalation | undefined, timer?: Pick<TimerRef, 'token' | 'seq'>): string | undefined {
  if (!incident) return 'incident deleted';
  if (!escalation) return 'no escalation';
  if (timer && (timer.token !== escalation.token || timer.seq !== escalation.seq)) return 'stale timer (superseded escalation)';
  if (escalation.state !== 'active') return `escalation ${escalation.state}`;
  if (incident.status === 'open') return undefined;
  if (incident.status === 'acknowledged' && escalation.ack_overridden) return undefined;
  return `incident ${incident.status}`;
}

export type StepReason = 'started' | 'timer' | 'escalate_now' | 'ack_timeout' | 'snooze_ended';

/** Two clicks on "escalate now" within this window escalate once (GoAlert: idempotent as of a time). */
export const ESCALATE_NOW_WINDOW_MS = 30_000;

/** True when a hand escalation already ran within the window before `now`: a second click is a no-op. */
export function recentlyEscalated(escalation: Pick<Escalation, 'last_run'>, now: string): boolean {
  const last = escalation.last_run;
  return !!last && last.reason === 'escalate_now' && Date.parse(now) - Date.parse(last.at) < ESCALATE_NOW_WINDOW_MS;
}

export interface PagedPerson {
  user: string;
  /** `on call for payments`, `schedule primary`, `named in the policy`. */
  via: string;
}

export interface StepRun {
  id: string;
  incident_id: string;
  token: string;
  /** 1-based, as people count them. */
  step: number;
  loop: number;
  reason: StepReason;
  outcome: 'paged' | 'nobody_on_call';
  paged: PagedPerson[];
  actions: Action[];
  /** The timeline message: `step 2: paged alice (on call for payments)`. */
  message: string;
  at: string;
  /** When the next step is due (null: the chain is done). */
  next_due_at: string | null;
}

const REASON_TEXT: Readonly<Record<StepReason, string>> = {
  started: '',
  timer: '',
  escalate_now: ' (escalated by hand)',
  ack_timeout: ' (acknowledgement timed out)',
  snooze_ended: ' (snooze ended)',
};

export function stepMessage(step: number, loop: number, paged: readonly PagedPerson[], reason: StepReason, extra: readonly string[] = []): string {
  const who = paged.length === 0 ? 'nobody on call, skipped' : `paged ${paged.map((p) => `${p.user} (${p.via})`).join(', ')}`;
  const loopText = loop > 0 ? ` (repeat ${loop})` : '';
  const tail = extra.length ? `; ${extra.join('; ')}` : '';
  return `step ${step + 1}${loopText}: ${who}${tail}${REASON_TEXT[reason]}`;
}

/** Severity after a `raise_severity` action: never lowers it. */
export function raisedSeverity(current: Severity, to: Severity): Severity {
  return SEVERITIES.indexOf(to) < SEVERITIES.indexOf(current) ? to : current;
}

/** Collapses people paged through several targets into one page each (the first reason wins). */
export function uniquePeople(people: readonly PagedPerson[]): PagedPerson[] {
  const seen = new Set<string>();
  return people.filter((p) => (seen.has(p.user) ? false : (seen.add(p.user), true)));
}

// ---- Auto-resolve and snooze ----

export const DEFAULT_AUTO_RESOLVE_HOURS = 72;

export function autoResolveMessage(hours: number): string {
  return `resolved automatically after ${hours} h without updates`;
}

// ---- The incident change of a step ----

/** What a step changes on the incident: assign the first person paged, raise the severity. */
export function stepFields(incident: Pick<Incident, 'assignee' | 'severity'>, actions: readonly Action[], paged: readonly PagedPerson[]): { fields: Partial<Pick<Incident, 'assignee' | 'severity'>>; notes: string[] } {
  const fields: Partial<Pick<Incident, 'assignee' | 'severity'>> = {};
  const notes: string[] = [];
  for (const action of actions) {
    if (action.type === 'assign' && paged[0] && incident.assignee !== paged[0].user) {
      fields.assignee = paged[0].user;
      notes.push(`assigned to ${paged[0].user}`);
    }
    if (action.type === 'raise_severity') {
      const to = raisedSeverity(fields.severity ?? incident.severity, action.severity);
      if (to !== incident.severity) {
        fields.severity = to;
        notes.push(`severity raised to ${to}`);
      }
    }
  }
  return { fields, notes };
}

/** Steps notify unless their actions say otherwise (an action list without `notify` only assigns or raises). */
export const stepNotifies = (step: Pick<Step, 'actions'>): boolean => step.actions.length === 0 || step.actions.some((a) => a.type === 'notify');
