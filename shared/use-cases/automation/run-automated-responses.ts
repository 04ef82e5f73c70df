/**
 * The automated-response reactor, on incident events from the bus (so it follows the outbox):
 * `incident.created` runs the rules with `run_on: created`; any incident event whose change raises
 * the severity runs those with `severity_raised` (trigger `severity_raised:v<incident version>`, so
 * each raise is its own run).
 *
 * Exactly-once start per (incident, rule, trigger): the execution item is put only if its key does
 * not exist, and only the delivery whose put succeeded runs the action. A redelivered event finds
 * the execution and does nothing. The price: a crash between that put and the action leaves the
 * execution `pending` (at most once, never twice); it is visible as such on the incident.
 *
 * Each status change after `pending` is one transaction: the execution and an
 * `incident.automated_response` timeline entry (whose CloudEvent carries `automated_responses`).
 */
import { automatedResponseData, executionMessage, isRaise, matchingRules, moveExecution, newExecution, type AutomatedResponseRule, type Execution, type ExecutionStatus, type RunOn, type Trigger } from '#shared/domain/automation/automated-response.ts';
import { ulid } from '#shared/domain/ids.ts';
import { SYSTEM_ACTOR, timelineEntry, type Incident, type TimelineEntry } from '#shared/domain/incidents/incident.ts';
import { SEVERITIES, type Severity } from '#shared/domain/severity.ts';
import { runAction, unavailable } from '#shared/automation/actions.ts';
import { timelineTypeOf, type CloudEvent } from '#shared/events/cloudevent.ts';
import type { AutomationDeps } from '#shared/use-cases/automation/context.ts';

export interface RunResult {
  readonly trigger: Trigger | null;
  /** One line per matching rule: what happened to it on this delivery. */
  readonly executions: { rule_id: string; outcome: ExecutionStatus | 'already started' }[];
}

type AutomationEntry = TimelineEntry & { automated_responses: Record<string, unknown>[] };

export function executionEntry(incident: Incident, execution: Execution): AutomationEntry {
  const base = timelineEntry(incident, 'incident.automated_response', SYSTEM_ACTOR, execution.updated_at, {}, { message: executionMessage(execution) });
  return { ...base, automated_responses: [automatedResponseData(execution)] };
}

const isSeverity = (v: unknown): v is Severity => typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);

/** Which trigger an event is, if any. */
export function triggerOf(event: CloudEvent, namespace: string): { on: RunOn; trigger: Trigger } | undefined {
  const type = timelineTypeOf(event.type, namespace);
  if (type === 'incident.created') return { on: 'created', trigger: 'created' };
  if (!type.startsWith('incident.') || type === 'incident.automated_response' || type === 'incident.deleted') return undefined;
  const severity = (event.data.change.changes as Record<string, { from?: unknown; to?: unknown } | undefined> | null)?.severity;
  const version = event.data.incident?.version;
  if (severity && isSeverity(severity.from) && isSeverity(severity.to) && isRaise(severity.from, severity.to) && typeof version === 'number') {
    return { on: 'severity_raised', trigger: `severity_raised:v${version}` };
  }
  return undefined;
}

/** Moves the execution and writes its timeline entry when the status changes; returns the stored execution. */
export async function recordStatus(deps: Pick<AutomationDeps, 'automation' | 'now'>, incident: Incident, execution: Execution, status: ExecutionStatus, reason: string | null, externalId?: string | null): Promise<Execution | undefined> {
  const after = moveExecution(execution, status, deps.now().toISOString(), reason, externalId);
  if (!after) return undefined;
  const entry = after.status !== execution.status ? executionEntry(incident, after) : undefined;
  const written = await deps.automation.updateExecution(after, execution.version, entry, externalId && externalId !== execution.external_id && after.action_type === 'ssm_automation' ? externalId : undefined);
  return written ? after : undefined;
}

async function runRule(deps: AutomationDeps, incident: Incident, rule: AutomatedResponseRule, trigger: Trigger): Promise<ExecutionStatus | 'already started'> {
  const now = deps.now().toISOString();
  const pending = newExecution(incident.id, rule, trigger, `are_${ulid(Date.parse(now))}`, now);
  if (!(await deps.automation.startExecution(pending))) return 'already started';
  const missing = unavailable(deps.actions, rule.action);
  if (missing) {
    await recordStatus(deps, incident, pending, 'skipped', missing);
    return 'skipped';
  }
  const running = await recordStatus(deps, incident, pending, 'in_progress', null);
  if (!running) return 'already started';
  const outcome = await runAction(deps.actions, { rule, execution: running, incident });
  const done = await recordStatus(deps, incident, running, outcome.status, outcome.reason, outcome.external_id);
  return done?.status ?? running.status;
}

export async function runAutomatedResponses(deps: AutomationDeps, event: CloudEvent, namespace: string): Promise<RunResult> {
  const which = triggerOf(event, namespace);
  if (!which) return { trigger: null, executions: [] };
  const [incident, rules] = await Promise.all([deps.incidents.get(event.subject), deps.automation.listRules()]);
  if (!incident) return { trigger: which.trigger, executions: [] };
  const matching = matchingRules(rules, incident, which.on).filter((rule) => deps.handles.includes(rule.action.type));
  const outcomes = await Promise.all(matching.map(async (rule) => ({ rule_id: rule.id, outcome: await runRule(deps, incident, rule, which.trigger) })));
  return { trigger: which.trigger, executions: outcomes };
}
