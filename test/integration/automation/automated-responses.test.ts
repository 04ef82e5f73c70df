/**
 * Automated responses on DynamoDB Local: rules refused with a 400 naming the field store nothing;
 * an `incident.created` delivered many times at once starts each matching rule once (a real webhook
 * receiver gets one request); Lambda/SSM in local mode are skipped with the reason; an SSM
 * execution is finished by its status event.
 */
import { describe, expect, it } from 'vitest';
import { localActions, ssmRunner, webhookRunner, type ActionRunners } from '#shared/automation/actions.ts';
import { InvalidInputError } from '#shared/domain/errors.ts';
import { SYSTEM_ACTOR } from '#shared/domain/incidents/incident.ts';
import { toCloudEvent, type CloudEvent, type TimelineItem } from '#shared/events/cloudevent.ts';
import { createHttpPost } from '#shared/notify/http.ts';
import { RuleBody, type RuleBodyInput } from '#shared/schemas/automation.ts';
import { DynamoAutomationStore } from '#shared/store/automation/dynamo-automation-store.ts';
import { DynamoIncidentStore, timelineItem } from '#shared/store/incidents/dynamo-incident-store.ts';
import type { AutomationDeps, RuleDeps } from '#shared/use-cases/automation/context.ts';
import { applySsmStatus, pollSsmExecution } from '#shared/use-cases/automation/follow-ssm.ts';
import { listExecutions } from '#shared/use-cases/automation/list-executions.ts';
import { createRule, deleteRule, listRules, replaceRule } from '#shared/use-cases/automation/rules.ts';
import { runAutomatedResponses } from '#shared/use-cases/automation/run-automated-responses.ts';
import { createIncident } from '#shared/use-cases/incidents/create-incident.ts';
import { updateIncident } from '#shared/use-cases/incidents/update-incident.ts';
import { startReceiver } from '../../support/webhook-receiver.ts';

const automation = new DynamoAutomationStore();
const incidents = new DynamoIncidentStore();
const now = () => new Date();
const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:restart-payments';
const ruleDeps: RuleDeps = { automation, allow: { lambda: [FN], ssm: ['AWS-RestartEC2Instance'] }, stage: 'local', now };
const body = (input: unknown): RuleBodyInput => RuleBody.parse(input);
const post = createHttpPost('local', 2000);
const ALL = ['webhook', 'lambda', 'ssm_automation'] as const;

/** The CloudEvent the publisher makes of the incident's latest timeline entry of `type`. */
async function eventOf(id: string, type: string): Promise<CloudEvent> {
  const entry = (await incidents.getDetail(id))?.timeline.filter((e) => e.type === type).at(-1);
  if (!entry) throw new Error(`no ${type} entry`);
  return toCloudEvent(timelineItem(entry) as TimelineItem, { namespace: 'io.incidents', stage: 'local' });
}

async function createdEvent(team: string): Promise<CloudEvent> {
  const { incident } = await createIncident({ store: incidents, now }, { title: `Down ${team}`, severity: 'high', assigned_team: team }, SYSTEM_ACTOR);
  return eventOf(incident.id, 'incident.created');
}

describe('automated-response rules', () => {
  it('refuse a Lambda or SSM document outside the allow-list and an unsafe webhook URL, naming the field; nothing stored', async () => {
    const before = (await listRules(ruleDeps)).length;
    const attempts = [
      { name: 'x', action: { type: 'lambda', function_arn: 'arn:aws:lambda:eu-west-1:123456789012:function:other' } },
      { name: 'x', action: { type: 'ssm_automation', document_name: 'AWS-DeleteEverything' } },
      { name: 'x', action: { type: 'webhook', url: 'ftp://example.com/x' } },
      { name: 'x', action: { type: 'webhook', url: 'http://example.com/x' } },
    ];
    const fields: string[] = [];
    for (const attempt of attempts) {
      const error = await createRule(ruleDeps, body(attempt), 'admin').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      fields.push((error as InvalidInputError).message.split(':')[0] ?? '');
    }
    expect(fields).toEqual(['action.function_arn', 'action.document_name', 'action.url', 'action.url']);
    expect(await listRules(ruleDeps)).toHaveLength(before);
  });

  it('create, replace (If-Match), list without the secret, delete', async () => {
    const rule = await createRule(ruleDeps, body({ name: 'page bot', conditions: { teams: ['crud'] }, action: { type: 'webhook', url: 'http://127.0.0.1:9/x', secret: 'whsec_0123456789abcdef' } }), 'admin');
    expect(rule.action).toEqual({ type: 'webhook', url: 'http://127.0.0.1:9/x', has_secret: true });
    const replaced = await replaceRule(ruleDeps, rule.id, body({ name: 'page bot 2', action: { type: 'lambda', function_arn: FN } }), 1);
    expect(replaced).toMatchObject({ name: 'page bot 2', version: 2, action: { type: 'lambda', function_arn: FN } });
    await expect(replaceRule(ruleDeps, rule.id, body({ name: 'x', action: { type: 'lambda', function_arn: FN } }), 1)).rejects.toThrow(/version 2, not 1/);
    expect(JSON.stringify(await listRules(ruleDeps))).not.toContain('whsec_');
    await deleteRule(ruleDeps, rule.id);
    await expect(deleteRule(ruleDeps, rule.id)).rejects.toThrow(/does not exist/);
  });
});

describe('executions', () => {
  it('a webhook action runs once per incident even when the event is delivered many times at once', async () => {
    const receiver = await startReceiver();
    try {
      const team = `once-${Date.now()}`;
      const rule = await createRule(ruleDeps, body({ name: 'notify bot', conditions: { teams: [team] }, action: { type: 'webhook', url: receiver.url, secret: 'whsec_0123456789abcdef' } }), 'admin');
      const deps: AutomationDeps = { automation, incidents, actions: localActions(post), handles: ALL, now };
      const event = await createdEvent(team);
      const results = await Promise.all(Array.from({ length: 10 }, () => runAutomatedResponses(deps, event, 'io.incidents')));
      expect(results.flatMap((r) => r.executions.map((e) => e.outcome)).filter((o) => o === 'success')).toHaveLength(1);
      await runAutomatedResponses(deps, event, 'io.incidents');
      expect(receiver.requests).toHaveLength(1);
      expect(receiver.requests[0]?.headers['x-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const { items } = await listExecutions(deps, event.subject);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ rule_id: rule.id, status: 'success', reason: 'HTTP 200', trigger: 'created' });
      expect(items[0]?.history.map((h) => h.status)).toEqual(['pending', 'in_progress', 'success']);
      const timeline = (await incidents.getDetail(event.subject))?.timeline.filter((e) => e.type === 'incident.automated_response') ?? [];
      expect(timeline.map((e) => e.message)).toEqual([`Automated response 'notify bot' (webhook ${new URL(receiver.url).host}): in progress`, `Automated response 'notify bot' (webhook ${new URL(receiver.url).host}): success: HTTP 200`]);
      expect((timeline[1] as unknown as { automated_responses: unknown[] }).automated_responses).toEqual([expect.objectContaining({ action_type: 'webhook', execution_status: 'success', rule_id: rule.id })]);
      await deleteRule(ruleDeps, rule.id);
    } finally {
      await receiver.close();
    }
  });

  it('in local mode a Lambda action is skipped with the reason, never a success', async () => {
    const team = `local-${Date.now()}`;
    const rule = await createRule(ruleDeps, body({ name: 'restart', conditions: { teams: [team] }, action: { type: 'lambda', function_arn: FN } }), 'admin');
    const deps: AutomationDeps = { automation, incidents, actions: localActions(post), handles: ALL, now };
    const event = await createdEvent(team);
    await runAutomatedResponses(deps, event, 'io.incidents');
    const { items } = await listExecutions(deps, event.subject);
    expect(items.map((e) => [e.status, e.reason])).toEqual([['skipped', 'not available in local mode']]);
    await deleteRule(ruleDeps, rule.id);
  });

  it('a severity raise runs the rules that ask for it, once per raise; an SSM execution finishes through its status event', async () => {
    const team = `raise-${Date.now()}`;
    const starts: string[] = [];
    const actions: ActionRunners = {
      webhook: webhookRunner(post),
      ssm_automation: ssmRunner((input) => {
        starts.push(input.ClientToken ?? '');
        return Promise.resolve({ AutomationExecutionId: `ae-${starts.length}-${team}` });
      }),
    };
    const deps: AutomationDeps = { automation, incidents, actions, handles: ALL, now };
    const rule = await createRule(ruleDeps, body({ name: 'runbook', conditions: { teams: [team] }, run_on: ['severity_raised'], action: { type: 'ssm_automation', document_name: 'AWS-RestartEC2Instance', parameters: { InstanceId: ['i-1'] } } }), 'admin');
    const created = await createdEvent(team);
    expect((await runAutomatedResponses(deps, created, 'io.incidents')).executions).toEqual([]);
    const incident = await incidents.get(created.subject);
    const change = await updateIncident({ store: incidents, now }, created.subject, { severity: 'critical' }, { id: 'alice', name: 'alice', kind: 'user' }, incident?.version ?? 0);
    const raised = await eventOf(created.subject, 'incident.updated');
    await Promise.all([runAutomatedResponses(deps, raised, 'io.incidents'), runAutomatedResponses(deps, raised, 'io.incidents')]);
    expect(starts).toHaveLength(1);
    let [execution] = (await listExecutions(deps, created.subject)).items;
    expect(execution).toMatchObject({ status: 'in_progress', external_id: `ae-1-${team}`, trigger: `severity_raised:v${change.incident.version}` });
    expect(await applySsmStatus(deps, `ae-1-${team}`, 'Failed', 'step restart failed')).toBe('updated');
    expect(await applySsmStatus(deps, `ae-1-${team}`, 'Success')).toBe('unchanged');
    [execution] = (await listExecutions(deps, created.subject)).items;
    expect(execution).toMatchObject({ status: 'failed', reason: 'SSM Failed: step restart failed' });
    expect(await applySsmStatus(deps, 'ae-unknown', 'Success')).toBe('unknown execution');
    await deleteRule(ruleDeps, rule.id);
  });

  it('the poll fallback finishes an SSM execution whose status events did not arrive', async () => {
    const team = `poll-${Date.now()}`;
    const actions: ActionRunners = { webhook: webhookRunner(post), ssm_automation: ssmRunner(() => Promise.resolve({ AutomationExecutionId: `ae-poll-${team}` })) };
    const polled: string[] = [];
    const deps: AutomationDeps = {
      automation,
      incidents,
      actions,
      handles: ALL,
      now,
      getAutomation: (input) => {
        polled.push(input.AutomationExecutionId ?? '');
        return Promise.resolve({ AutomationExecution: { AutomationExecutionStatus: 'Success' } });
      },
    };
    const rule = await createRule(ruleDeps, body({ name: 'runbook', conditions: { teams: [team] }, action: { type: 'ssm_automation', document_name: 'AWS-RestartEC2Instance' } }), 'admin');
    const event = await createdEvent(team);
    await runAutomatedResponses(deps, event, 'io.incidents');
    const [running] = (await listExecutions(deps, event.subject)).items;
    expect(running?.status).toBe('in_progress');
    expect(await pollSsmExecution(deps, running as NonNullable<typeof running>)).toBe('updated');
    expect(polled).toEqual([`ae-poll-${team}`]);
    const [done] = (await listExecutions(deps, event.subject)).items;
    expect(done).toMatchObject({ status: 'success', reason: 'SSM Success' });
    await deleteRule(ruleDeps, rule.id);
  });
});
