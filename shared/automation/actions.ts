/**
 * The three actions of an automated response. Each runs once per execution and says what
 * happened; none retries by itself (the caller records the outcome, a redelivered event finds
 * the execution and does not run it again).
 *
 * - webhook: POST of a JSON body signed like notification webhooks (`X-Signature: t=<unix>,v1=<hmac>`
 *   when the rule has a secret), `Idempotency-Key: <execution id>`, through the notifications'
 *   HTTP client (address checks inside the DNS lookup, timeout, no redirects); 2xx = success;
 * - lambda: `Invoke` with `InvocationType: Event` (asynchronous: accepted = success, 202);
 * - ssm_automation: `StartAutomationExecution` with a `ClientToken` derived from incident, rule and
 *   trigger; the execution stays `in_progress` until its status events (or the poll) finish it.
 *
 * Local mode has no Lambda or SSM: `localActions` records them as skipped, never as a success.
 */
import type { InvokeCommandInput, InvokeCommandOutput } from '@aws-sdk/client-lambda';
import type { GetAutomationExecutionCommandInput, GetAutomationExecutionCommandOutput, StartAutomationExecutionCommandInput, StartAutomationExecutionCommandOutput } from '@aws-sdk/client-ssm';
import { LOCAL_MODE_REASON, ssmClientToken, type AutomatedResponseRule, type AutomationAction, type Execution, type ExecutionStatus } from '#shared/domain/automation/automated-response.ts';
import type { Incident } from '#shared/domain/incidents/incident.ts';
import { signWebhook } from '#shared/domain/notifications/notification.ts';
import type { HttpPost } from '#shared/notify/http.ts';

export interface ActionOutcome {
  readonly status: Extract<ExecutionStatus, 'in_progress' | 'success' | 'failed' | 'skipped'>;
  readonly reason: string | null;
  readonly external_id?: string | null;
}

export interface ActionContext {
  readonly rule: AutomatedResponseRule;
  readonly execution: Execution;
  readonly incident: Incident;
}

export type ActionRunner<A extends AutomationAction = AutomationAction> = (action: A, context: ActionContext) => Promise<ActionOutcome>;

/** A missing runner means the action cannot run in this environment (`unavailableReason` says why). */
export interface ActionRunners {
  readonly webhook?: ActionRunner<Extract<AutomationAction, { type: 'webhook' }>>;
  readonly lambda?: ActionRunner<Extract<AutomationAction, { type: 'lambda' }>>;
  readonly ssm_automation?: ActionRunner<Extract<AutomationAction, { type: 'ssm_automation' }>>;
  readonly unavailableReason?: string;
}

/** Why this action cannot run here, or undefined when it can. */
export function unavailable(runners: ActionRunners, action: AutomationAction): string | undefined {
  return runners[action.type] ? undefined : (runners.unavailableReason ?? `${action.type} actions are not configured`);
}

export function runAction(runners: ActionRunners, context: ActionContext): Promise<ActionOutcome> {
  const action = context.rule.action;
  const missing = (): Promise<ActionOutcome> => Promise.resolve({ status: 'skipped', reason: unavailable(runners, action) ?? null });
  switch (action.type) {
    case 'webhook':
      return runners.webhook ? runners.webhook(action, context) : missing();
    case 'lambda':
      return runners.lambda ? runners.lambda(action, context) : missing();
    case 'ssm_automation':
      return runners.ssm_automation ? runners.ssm_automation(action, context) : missing();
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? `${error.name !== 'Error' ? `${error.name}: ` : ''}${error.message}` : String(error)).slice(0, 500);

/** What every action receives about the incident (the webhook body, the Lambda payload). */
export function actionPayload({ rule, execution, incident }: ActionContext): Record<string, unknown> {
  return {
    type: 'automated_response',
    execution_id: execution.id,
    trigger: execution.trigger,
    rule: { id: rule.id, name: rule.name },
    incident,
  };
}

export function webhookRunner(post: HttpPost, nowSeconds: () => number = () => Math.floor(Date.now() / 1000)): NonNullable<ActionRunners['webhook']> {
  return async (action, context) => {
    const body = JSON.stringify(actionPayload(context));
    try {
      const res = await post(action.url, body, {
        'content-type': 'application/json; charset=utf-8',
        'idempotency-key': context.execution.id,
        ...(action.secret ? { 'x-signature': signWebhook(action.secret, body, nowSeconds()) } : {}),
      });
      const ok = res.status >= 200 && res.status < 300;
      return { status: ok ? 'success' : 'failed', reason: ok ? `HTTP ${res.status}` : `HTTP ${res.status}${res.body ? `: ${res.body.slice(0, 200)}` : ''}`, external_id: String(res.status) };
    } catch (error) {
      return { status: 'failed', reason: messageOf(error) };
    }
  };
}

export type Invoke = (input: InvokeCommandInput) => Promise<Pick<InvokeCommandOutput, 'StatusCode' | 'FunctionError' | '$metadata'>>;

export function lambdaRunner(invoke: Invoke): NonNullable<ActionRunners['lambda']> {
  return async (action, context) => {
    try {
      const out = await invoke({ FunctionName: action.function_arn, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(actionPayload(context))) });
      if (out.StatusCode === 202) return { status: 'success', reason: 'invoked asynchronously (202)', external_id: out.$metadata.requestId ?? null };
      return { status: 'failed', reason: `Lambda answered ${out.StatusCode ?? 'no status'}${out.FunctionError ? ` (${out.FunctionError})` : ''}` };
    } catch (error) {
      return { status: 'failed', reason: messageOf(error) };
    }
  };
}

export type StartAutomation = (input: StartAutomationExecutionCommandInput) => Promise<Pick<StartAutomationExecutionCommandOutput, 'AutomationExecutionId'>>;
export type GetAutomation = (input: GetAutomationExecutionCommandInput) => Promise<Pick<GetAutomationExecutionCommandOutput, 'AutomationExecution'>>;

/**
 * The exact StartAutomationExecution input of an execution (unit-tested). No `Tags`: tagging needs
 * `ssm:AddTagsToResource` on automation executions as well; the execution's id is kept on ours.
 */
export function startAutomationInput(action: Extract<AutomationAction, { type: 'ssm_automation' }>, { execution }: Pick<ActionContext, 'execution'>): StartAutomationExecutionCommandInput {
  return {
    DocumentName: action.document_name,
    Parameters: action.parameters,
    ClientToken: ssmClientToken(execution.incident_id, execution.rule_id, execution.trigger),
  };
}

export function ssmRunner(start: StartAutomation): NonNullable<ActionRunners['ssm_automation']> {
  return async (action, context) => {
    try {
      const out = await start(startAutomationInput(action, context));
      if (!out.AutomationExecutionId) return { status: 'failed', reason: 'SSM returned no automation execution id' };
      return { status: 'in_progress', reason: `automation execution ${out.AutomationExecutionId} started`, external_id: out.AutomationExecutionId };
    } catch (error) {
      return { status: 'failed', reason: messageOf(error) };
    }
  };
}

/** Local mode: Lambda and SSM are not available; their executions say so (never a fake success). */
export function localActions(post: HttpPost): ActionRunners {
  return { webhook: webhookRunner(post), unavailableReason: LOCAL_MODE_REASON };
}
