/**
 * The local event pipeline end to end (DynamoDB Local stream → publisher → local bus → automation
 * queue → reactor → webhook): an incident's `incident.created` runs a webhook rule once, and the
 * same event delivered twice more through the bus does not run it again.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SYSTEM_ACTOR } from '#shared/domain/incidents/incident.ts';
import type { CloudEvent } from '#shared/events/cloudevent.ts';
import { startLocalEventPipeline, type LocalEventPipeline } from '#shared/local/event-pipeline.ts';
import { RuleBody } from '#shared/schemas/automation.ts';
import { DynamoAutomationStore } from '#shared/store/automation/dynamo-automation-store.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { createRule } from '#shared/use-cases/automation/rules.ts';
import { createIncident } from '#shared/use-cases/incidents/create-incident.ts';
import { startReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';

const automation = new DynamoAutomationStore();
const incidents = new DynamoIncidentStore();
let pipeline: LocalEventPipeline;
let receiver: WebhookReceiver;

const waitUntil = async (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

beforeAll(async () => {
  receiver = await startReceiver();
  pipeline = await startLocalEventPipeline({ endpoint: inject('dynamodbEndpoint'), tableName: process.env.TABLE_NAME ?? '', pollIntervalMs: 50 });
});

afterAll(async () => {
  await pipeline.stop();
  await receiver.close();
});

describe('automated responses in the local pipeline', () => {
  it('a webhook action runs once per incident even when incident.created is delivered twice more', async () => {
    const team = `pipe-${Date.now()}`;
    const rule = await createRule({ automation, allow: { lambda: [], ssm: [] }, stage: 'local', now: () => new Date() }, RuleBody.parse({ name: 'hook', conditions: { teams: [team] }, action: { type: 'webhook', url: receiver.url } }), 'admin');
    const { incident } = await createIncident({ store: incidents, now: () => new Date() }, { title: 'Checkout down', severity: 'high', assigned_team: team }, SYSTEM_ACTOR);
    await receiver.waitFor((r) => r.requests.length >= 1);
    const created = pipeline.bus.published.find((e): e is CloudEvent => e.subject === incident.id && e.type === 'io.incidents.incident.created');
    expect(created).toBeDefined();
    await pipeline.bus.publish([created as CloudEvent]);
    await pipeline.bus.publish([created as CloudEvent]);
    await waitUntil(() => pipeline.queues.automation.stats().deleted >= 3 && pipeline.queues.automation.stats().inFlight === 0, 'automation queue drained');
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.requests).toHaveLength(1);
    expect(JSON.parse(receiver.requests[0]?.body ?? '{}')).toMatchObject({ type: 'automated_response', rule: { id: rule.id }, incident: { id: incident.id } });
    const executions = await automation.listExecutions(incident.id);
    expect(executions.map((e) => e.status)).toEqual(['success']);
    // The status changes were published as incident.automated_response events carrying automated_responses.
    await waitUntil(() => pipeline.bus.published.filter((e) => e.subject === incident.id && e.type === 'io.incidents.incident.automated_response').length === 2, 'automated_response events');
    const last = pipeline.bus.published.filter((e) => e.subject === incident.id && e.type === 'io.incidents.incident.automated_response').at(-1);
    expect(last?.data.automated_responses).toEqual([expect.objectContaining({ action_type: 'webhook', execution_status: 'success', rule_id: rule.id })]);
  });
});
