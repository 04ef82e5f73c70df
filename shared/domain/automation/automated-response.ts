/**
 * Automated responses (pure rules, no AWS imports): a rule names conditions (the escalation
 * policies' conditions and matching, shared/domain/paging/escalation.ts), when it runs and one
 * action. Every (incident, rule, trigger) gets at most one execution; its status moves
 * pending → in_progress → success | failed, or straight to skipped, each with a reason.
 */
import { createHash } from 'node:crypto';
import type { Incident } from '#shared/domain/incidents/incident.ts';
import { policyMatches, type Conditions } from '#shared/domain/paging/escalation.ts';
import { SEVERITIES, type Severity } from '#shared/domain/severity.ts';

export const RUN_ON = ['created', 'severity_raised'] as const;
export type RunOn = (typeof RUN_ON)[number];

export type AutomationAction =
  | { type: 'webhook'; url: string; secret?: string }
  | { type: 'lambda'; function_arn: string }
  | { type: 'ssm_automation'; document_name: string; parameters: Record<string, string[]> };
export type ActionType = AutomationAction['type'];

export interface AutomatedResponseRule {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  conditions: Conditions;
  run_on: RunOn[];
  action: AutomationAction;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export type RuleInput = Pick<AutomatedResponseRule, 'name' | 'description' | 'enabled' | 'conditions' | 'run_on' | 'action'>;

/** The API never shows a webhook's signing secret again: only whether one is set. */
export function publicRule(rule: AutomatedResponseRule): Omit<AutomatedResponseRule, 'action'> & { action: Record<string, unknown> } {
  if (rule.action.type !== 'webhook') return rule;
  const { secret, ...action } = rule.action;
  return { ...rule, action: { ...action, has_secret: secret !== undefined } };
}

export const EXECUTION_STATUSES = ['pending', 'in_progress', 'success', 'failed', 'skipped'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export const FINAL_STATUSES: readonly ExecutionStatus[] = ['success', 'failed', 'skipped'];

/** `created`, or `severity_raised:<incident version>` (each raise is its own trigger). */
export type Trigger = string;

export interface Execution {
  id: string;
  incident_id: string;
  rule_id: string;
  rule_name: string;
  trigger: Trigger;
  action_type: ActionType;
  /** What was called: the webhook's host, the function ARN, the document name. */
  target: string;
  status: ExecutionStatus;
  reason: string | null;
  /** SSM: the automation execution id; Lambda: the request id; webhook: the HTTP status. */
  external_id: string | null;
  started_at: string;
  updated_at: string;
  /** Every status so far, oldest first. */
  history: { status: ExecutionStatus; at: string; reason: string | null }[];
  version: number;
}

export const LOCAL_MODE_REASON = 'not available in local mode';

export const severityRank = (s: Severity): number => SEVERITIES.length - SEVERITIES.indexOf(s);

/** True when `to` is more severe than `from`. */
export const isRaise = (from: Severity, to: Severity): boolean => severityRank(to) > severityRank(from);

type Matchable = Pick<Incident, 'severity' | 'components' | 'affected_services' | 'incident_type' | 'assigned_team'>;

/** The enabled rules that run for this incident on this kind of trigger, oldest first. */
export function matchingRules(rules: readonly AutomatedResponseRule[], incident: Matchable, on: RunOn): AutomatedResponseRule[] {
  return rules
    .filter((r) => r.enabled && r.run_on.includes(on) && policyMatches(r, incident))
    .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
}

export function targetOf(action: AutomationAction): string {
  switch (action.type) {
    case 'webhook':
      return new URL(action.url).host;
    case 'lambda':
      return action.function_arn;
    case 'ssm_automation':
      return action.document_name;
  }
}

export function newExecution(incidentId: string, rule: AutomatedResponseRule, trigger: Trigger, id: string, now: string): Execution {
  return {
    id,
    incident_id: incidentId,
    rule_id: rule.id,
    rule_name: rule.name,
    trigger,
    action_type: rule.action.type,
    target: targetOf(rule.action),
    status: 'pending',
    reason: null,
    external_id: null,
    started_at: now,
    updated_at: now,
    history: [{ status: 'pending', at: now, reason: null }],
    version: 1,
  };
}

const NEXT: Readonly<Record<ExecutionStatus, readonly ExecutionStatus[]>> = {
  pending: ['in_progress', 'success', 'failed', 'skipped'],
  in_progress: ['in_progress', 'success', 'failed'],
  success: [],
  failed: [],
  skipped: [],
};

/** The execution after a status change, or undefined when the change is not allowed (final already). */
export function moveExecution(execution: Execution, status: ExecutionStatus, at: string, reason: string | null, externalId?: string | null): Execution | undefined {
  if (!NEXT[execution.status].includes(status)) return undefined;
  if (status === execution.status && reason === execution.reason) return undefined;
  return {
    ...execution,
    status,
    reason,
    external_id: externalId === undefined ? execution.external_id : externalId,
    updated_at: at,
    history: [...execution.history, { status, at, reason }],
    version: execution.version + 1,
  };
}

/**
 * SSM's `ClientToken`: a UUID (36 characters, the only format it accepts; well under its 64-character
 * limit), derived from incident, rule and trigger, so a retried start is refused by SSM instead of
 * starting the runbook twice. Name-based: the SHA-256 of the three, with the RFC 9562 version-8 and
 * variant bits set.
 */
export function ssmClientToken(incidentId: string, ruleId: string, trigger: Trigger): string {
  const bytes = createHash('sha256').update(`${incidentId}\n${ruleId}\n${trigger}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** SSM's Automation statuses → ours. */
export function executionStatusOfSsm(ssmStatus: string): ExecutionStatus | undefined {
  switch (ssmStatus) {
    case 'Pending':
    case 'InProgress':
    case 'Waiting':
    case 'Cancelling':
    case 'PendingApproval':
    case 'Approved':
    case 'Scheduled':
    case 'RunbookInProgress':
    case 'PendingChangeCalendarOverride':
    case 'ChangeCalendarOverrideApproved':
      return 'in_progress';
    case 'Success':
    case 'CompletedWithSuccess':
      return 'success';
    case 'Failed':
    case 'TimedOut':
    case 'Cancelled':
    case 'Rejected':
    case 'ChangeCalendarOverrideRejected':
    case 'CompletedWithFailure':
    case 'Exited':
      return 'failed';
    default:
      return undefined;
  }
}

/** What a timeline entry about an execution says. */
export function executionMessage(e: Pick<Execution, 'rule_name' | 'action_type' | 'target' | 'status' | 'reason'>): string {
  const what = `Automated response '${e.rule_name}' (${e.action_type} ${e.target})`;
  const status = e.status.replace('_', ' ');
  return e.reason ? `${what}: ${status}: ${e.reason}` : `${what}: ${status}`;
}

/** The Java service document's `AutomatedResponseData`, with our ids beside it. */
export function automatedResponseData(e: Execution): Record<string, unknown> {
  return { action_type: e.action_type, execution_status: e.status, rule_id: e.rule_id, rule_name: e.rule_name, execution_id: e.id, trigger: e.trigger, reason: e.reason };
}
