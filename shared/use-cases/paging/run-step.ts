/**
 * Runs the next step of an escalation: resolves its targets to people (a schedule's or a team's
 * current on-call), applies its actions, and commits in ONE transaction with the incident store:
 * the incident (new version; assignee or severity when the step changes them), the timeline entry
 * `incident.escalated` (the outbox: fan-out pages the people it names), the escalation's new
 * position, the step-run record, the timer that fired (settled, conditional on its token and
 * sequence: a timer delivered twice acts once) and the timer of the next step.
 *
 * The caller decided the step may run (stepBlocked); the transaction's conditions (incident
 * version, escalation version, timer state) make that decision hold at commit time.
 */
import { impactOf } from '#shared/domain/severity.ts';
import { ulid } from '#shared/domain/ids.ts';
import { SYSTEM_ACTOR, timelineEntry, type FieldChanges, type Incident, type TimelineEntry } from '#shared/domain/incidents/incident.ts';
import {
  advance,
  dueAfter,
  stepFields,
  stepMessage,
  stepNotifies,
  timerName,
  uniquePeople,
  type Escalation,
  type PagedPerson,
  type StepReason,
  type StepRun,
  type Target,
  type Timer,
  type TimerRef,
} from '#shared/domain/paging/escalation.ts';
import type { OnCallDirectory, StepDeps } from '#shared/use-cases/paging/escalation-context.ts';

/** What the timeline entry of a step carries beyond the usual fields (fan-out reads `paged`). */
export interface EscalatedDetails {
  readonly step: number;
  readonly loop: number;
  readonly token: string;
  readonly reason: StepReason;
  readonly outcome: StepRun['outcome'];
  /** User ids to page (empty when the step does not notify). */
  readonly paged: string[];
  readonly next_due_at: string | null;
}

export type EscalatedEntry = TimelineEntry & { escalation: EscalatedDetails };

export async function resolveTargets(directory: OnCallDirectory, targets: readonly Target[], at: Date): Promise<PagedPerson[]> {
  const people = await Promise.all(
    targets.map(async (t): Promise<PagedPerson[]> => {
      if (t.type === 'user') return [{ user: t.id, via: 'named in the policy' }];
      if (t.type === 'schedule') return (await directory.scheduleOnCall(t.id, at)).map((user) => ({ user, via: `on call on schedule ${t.id}` }));
      const team = await directory.team(t.id);
      return (await directory.teamOnCall(t.id, at)).map((user) => ({ user, via: `on call for ${team?.name ?? t.id}` }));
    }),
  );
  return uniquePeople(people.flat());
}

export interface StepPlan {
  readonly after: Incident;
  readonly entry: EscalatedEntry;
  readonly escalation: Escalation;
  readonly run: StepRun;
  readonly next: Timer | undefined;
}

/** The pure part: given who is paged, what the step writes. */
export function planStep(
  before: Incident,
  escalation: Escalation,
  paged: readonly PagedPerson[],
  reason: StepReason,
  now: string,
  speed: number,
  options: { extraFields?: Partial<Incident>; extraNotes?: string[]; resume?: boolean } = {},
): StepPlan {
  const position = escalation.next;
  const step = escalation.policy.steps[position.step];
  if (!step) throw new Error(`escalation of ${escalation.incident_id} points at step ${position.step + 1}, which its policy copy does not have`);
  const notify = stepNotifies(step);
  const { fields, notes } = stepFields(before, step.actions, paged);
  const allFields: Partial<Incident> = { ...fields, ...options.extraFields };
  if (allFields.severity !== undefined) allFields.impact = impactOf(allFields.severity);
  const after: Incident = { ...before, ...allFields, updated_at: now, version: before.version + 1 };
  const changes: FieldChanges = {};
  for (const key of Object.keys(allFields) as (keyof Incident)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { from: before[key], to: after[key] };
  }
  const nextPosition = advance(escalation.policy, position);
  const seq = escalation.seq + 1;
  const nextDue = nextPosition ? dueAfter(now, step.delay_minutes, speed) : null;
  const message = stepMessage(position.step, position.loop, paged, reason, [...notes, ...(options.extraNotes ?? [])]);
  const run: StepRun = {
    id: ulid(Date.parse(now)),
    incident_id: before.id,
    token: escalation.token,
    step: position.step + 1,
    loop: position.loop,
    reason,
    outcome: paged.length > 0 ? 'paged' : 'nobody_on_call',
    paged: [...paged],
    actions: step.actions,
    message,
    at: now,
    next_due_at: nextDue,
  };
  const afterEscalation: Escalation = {
    ...escalation,
    seq,
    state: nextPosition ? 'active' : 'completed',
    ack_overridden: options.resume ? true : escalation.ack_overridden,
    stop_reason: null,
    next: nextPosition ?? position,
    runs: escalation.runs + 1,
    last_run: { at: now, reason },
    updated_at: now,
    version: escalation.version + 1,
  };
  const nextRef: TimerRef = { incident_id: before.id, kind: 'escalation_step', token: escalation.token, seq };
  const next: Timer | undefined = nextDue ? { ...nextRef, name: timerName(nextRef), due_at: nextDue, state: 'pending', armed_at: now } : undefined;
  const base = timelineEntry(after, 'incident.escalated', SYSTEM_ACTOR, now, changes, { message });
  const entry: EscalatedEntry = {
    ...base,
    escalation: { step: run.step, loop: run.loop, token: escalation.token, reason, outcome: run.outcome, paged: notify ? paged.map((p) => p.user) : [], next_due_at: nextDue },
  };
  return { after, entry, escalation: afterEscalation, run, next };
}

/**
 * Resolves, plans and commits a step. `settle` names the timer whose firing this is (it must
 * still be pending with its token and sequence). Throws VersionConflict / ExtraWriteRejected when
 * someone else changed the incident or the escalation, or settled the timer, meanwhile.
 */
export async function runStep(
  deps: StepDeps,
  before: Incident,
  escalation: Escalation,
  reason: StepReason,
  options: { settle?: TimerRef; extraPeople?: PagedPerson[]; extraFields?: Partial<Incident>; extraNotes?: string[]; resume?: boolean; expectedEscalationVersion?: number } = {},
): Promise<StepPlan> {
  const now = deps.now();
  const step = escalation.policy.steps[escalation.next.step];
  const targets = step ? await resolveTargets(deps.directory, step.targets, now) : [];
  const paged = uniquePeople([...(options.extraPeople ?? []), ...targets]);
  const plan = planStep(before, escalation, paged, reason, now.toISOString(), deps.speed, options);
  const extra = deps.escalations.writeItems({
    escalation: { after: plan.escalation, expectedVersion: options.expectedEscalationVersion ?? escalation.version },
    run: plan.run,
    ...(plan.next ? { arm: [plan.next] } : {}),
    ...(options.settle ? { settle: [{ ref: options.settle, state: 'fired' as const }] } : {}),
  });
  await deps.incidents.save(before, plan.after, plan.entry, { extra });
  return plan;
}
