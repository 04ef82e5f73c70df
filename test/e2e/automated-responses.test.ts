/**
 * Automated responses over HTTP against the local server: an admin creates a webhook rule, an
 * incident that matches it makes the local receiver get one signed request, the execution and its
 * timeline entries show on the incident; bad input is a 400 problem+json naming the field with
 * nothing stored; viewers read, only admins write.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/http.ts';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

type Json = Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('automated responses', () => {
  let receiver: WebhookReceiver;
  const team = `auto-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('refuses bad rules with a 400 problem+json naming the field, and stores nothing', async () => {
    const before = (await call<{ items: Json[] }>('GET', '/v1/automated_responses', { role: 'viewer' })).body.items.length;
    const cases: [unknown, string][] = [
      [{ name: 'x', action: { type: 'lambda', function_arn: 'arn:aws:lambda:eu-west-1:123456789012:function:not-allowed' } }, 'action.function_arn'],
      [{ name: 'x', action: { type: 'ssm_automation', document_name: 'AWS-RestartEC2Instance' } }, 'action.document_name'],
      [{ name: 'x', action: { type: 'webhook', url: 'http://example.com/hook' } }, 'action.url'],
      [{ name: 'x', action: { type: 'email' } }, 'action'],
      [{ name: 'x', run_on: ['resolved'], action: { type: 'webhook', url: receiver.url } }, 'run_on'],
      [{ name: 'x', conditions: { severities: ['huge'] }, action: { type: 'webhook', url: receiver.url } }, 'conditions.severities'],
    ];
    for (const [body, field] of cases) {
      const res = await call<Json>('POST', '/v1/automated_responses', { role: 'admin', body });
      expect(res.status, res.text).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.text, JSON.stringify(body)).toContain(field);
    }
    expect((await call<{ items: Json[] }>('GET', '/v1/automated_responses', { role: 'viewer' })).body.items).toHaveLength(before);
    expect((await call('POST', '/v1/automated_responses', { role: 'responder', body: { name: 'x', action: { type: 'webhook', url: receiver.url } } })).status).toBe(403);
  });

  it('runs a matching webhook rule once when an incident is created and shows the execution on the incident', async () => {
    const created = await call<Json>('POST', '/v1/automated_responses', { role: 'admin', body: { name: 'Restart bot', conditions: { teams: [team], severities: ['critical'] }, action: { type: 'webhook', url: receiver.url, secret: 'whsec_0123456789abcdef' } } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.action).toEqual({ type: 'webhook', url: receiver.url, has_secret: true });
    const ruleId = String(created.body.id);
    expect((await call<Json>('GET', `/v1/automated_responses/${ruleId}`, { role: 'viewer' })).body.name).toBe('Restart bot');

    const other = await call<Json>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Not critical', severity: 'high', assigned_team: team } });
    const incident = await call<Json>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Checkout down', severity: 'critical', assigned_team: team } });
    expect(incident.status, incident.text).toBe(201);
    const id = String(incident.body.id);
    await receiver.waitFor((r) => r.requests.length >= 1, 10_000);
    let executions: Json[] = [];
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      executions = (await call<{ items: Json[] }>('GET', `/v1/incidents/${id}/automated_responses`, { role: 'viewer' })).body.items;
      if (executions[0]?.status === 'success') break;
      await sleep(50);
    }
    await sleep(500);
    expect(receiver.requests).toHaveLength(1);
    expect(JSON.parse(receiver.requests[0]?.body ?? '{}')).toMatchObject({ type: 'automated_response', rule: { id: ruleId }, incident: { id } });
    expect(executions).toEqual([expect.objectContaining({ rule_id: ruleId, action_type: 'webhook', status: 'success', reason: 'HTTP 200', trigger: 'created' })]);
    const detail = await call<{ timeline: Json[] }>('GET', `/v1/incidents/${id}`, { role: 'viewer' });
    expect(detail.body.timeline.filter((e) => e.type === 'incident.automated_response').map((e) => e.message)).toEqual([
      expect.stringContaining("'Restart bot' (webhook 127.0.0.1"),
      expect.stringMatching(/success: HTTP 200$/),
    ]);
    expect((await call<{ items: Json[] }>('GET', `/v1/incidents/${String(other.body.id)}/automated_responses`, { role: 'viewer' })).body.items).toEqual([]);
    expect((await call('GET', '/v1/incidents/INC-20200101-9999/automated_responses', { role: 'viewer' })).status).toBe(404);
    expect((await call('DELETE', `/v1/automated_responses/${ruleId}`, { role: 'admin' })).status).toBe(204);
  });
});
