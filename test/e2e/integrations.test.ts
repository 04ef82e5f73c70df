/**
 * Inbound integrations over HTTP against the local server:
 * - PagerDuty's documented change event example (test/events/pagerduty-change.json) on
 *   POST /v2/change/enqueue: PagerDuty's 202, listed by GET /v1/changes, noted on the service's
 *   active incident's timeline; its limits are PagerDuty's 400;
 * - a signed Alertmanager webhook firing then resolved opens then resolves an incident;
 * - a bad signature and an unknown id get the identical 403 problem;
 * - 50 concurrent identical webhook alerts make one alert and one incident;
 * - limits and malformed payloads are 400 problem+json naming the field, nothing stored.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baseUrl, call } from '../support/http.ts';

type Json = Record<string, unknown>;
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../events/${name}.json`, import.meta.url), 'utf8')) as Json;
const sign = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: (text ? JSON.parse(text) : undefined) as Json };
}

async function createIntegration(body: Json) {
  const res = await call<Json>('POST', '/v1/integrations', { role: 'admin', body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

function alertmanager(name: 'firing' | 'resolved', fingerprint: string): string {
  const body = fixture(`alertmanager-${name}`);
  (body.alerts as Json[])[0] = { ...(body.alerts as Json[])[0], fingerprint };
  return JSON.stringify(body);
}

const incidentsOf = async (service: string) => (await call<{ items: Json[] }>('GET', `/v1/incidents?service=${service}`, { role: 'viewer' })).body.items;

describe('inbound integrations over HTTP', () => {
  it('/v2/enqueue: trigger opens an incident, resolve resolves it; a rotated routing key replaces the old one', async () => {
    const service = `pd-${randomUUID().slice(0, 8)}`;
    const integration = await createIntegration({ name: 'Alertmanager', kind: 'events_v2', mapping: { type: 'service', service } });
    const event = (routingKey: string, action: string) => JSON.stringify({ routing_key: routingKey, event_action: action, dedup_key: 'disk-full', payload: { summary: 'Disk full on db-1', source: 'db-1', severity: 'critical' } });
    const triggered = await post('/v2/enqueue', event(String(integration.routing_key), 'trigger'));
    expect(triggered.status, triggered.text).toBe(202);
    expect(triggered.body).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'disk-full' });
    const [incident] = await incidentsOf(service);
    expect(incident?.status).toBe('open');

    const rotated = await call<Json>('POST', `/v1/integrations/${String(integration.id)}/rotate`, { role: 'admin' });
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.body.routing_key).not.toBe(integration.routing_key);
    expect((await post('/v2/enqueue', event(String(integration.routing_key), 'resolve'))).status).toBe(400);
    const resolved = await post('/v2/enqueue', event(String(rotated.body.routing_key), 'resolve'));
    expect(resolved.status, resolved.text).toBe(202);
    expect((await call<Json>('GET', `/v1/incidents/${String(incident?.id)}`, { role: 'viewer' })).body.status).toBe('resolved');
  });

  it("PagerDuty's change event example: 202 in PagerDuty's shape, listed per service, on the active incident's timeline", async () => {
    const service = `chg-${randomUUID().slice(0, 8)}`;
    const integration = await createIntegration({ name: 'Deploys', kind: 'events_v2', mapping: { type: 'service', service } });
    const incident = await call<Json>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Checkout errors after deploy', severity: 'high', affected_services: [service] } });
    expect(incident.status).toBe(201);

    const answer = await post('/v2/change/enqueue', JSON.stringify({ ...fixture('pagerduty-change'), routing_key: integration.routing_key }));
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ message: 'Change event processed', status: 'success' });

    const list = await call<{ items: Json[]; next_cursor: string | null }>('GET', `/v1/changes?service=${service}`, { role: 'viewer' });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ summary: 'Build Success: Increase snapshot create timeout to 30 seconds', timestamp: '2015-07-17T08:42:58.315Z', incident_ids: [incident.body.id] })]);
    const detail = await call<{ timeline: Json[]; status: string }>('GET', `/v1/incidents/${String(incident.body.id)}`, { role: 'viewer' });
    expect(detail.body.timeline.filter((e) => e.type === 'incident.change_recorded')).toEqual([expect.objectContaining({ message: expect.stringContaining('Build Success') })]);
    expect(detail.body.status).toBe('open');

    expect((await call('GET', `/v1/changes?service=${service}`)).status).toBe(401);
    const both = await call('GET', `/v1/changes?service=${service}&team=payments`, { role: 'viewer' });
    expect(both.status).toBe(400);
    expect(both.headers.get('content-type')).toBe('application/problem+json');

    const tooLong = await post('/v2/change/enqueue', JSON.stringify({ ...fixture('pagerduty-change'), routing_key: integration.routing_key, payload: { summary: 's'.repeat(1025) } }));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ status: 'invalid event', message: 'Event object is invalid', errors: [expect.stringContaining('summary')] });
    const unknown = await post('/v2/change/enqueue', JSON.stringify({ ...fixture('pagerduty-change'), routing_key: '0123456789abcdef0123456789abcdef' }));
    expect(unknown.body).toEqual({ status: 'invalid event', message: 'Event object is invalid', errors: ['Invalid routing key'] });
    expect((await call<{ items: Json[] }>('GET', `/v1/changes?service=${service}`, { role: 'viewer' })).body.items).toHaveLength(1);
  });

  it("a change event does not push the team's auto-resolve back (a comment does, test/e2e/escalation.test.ts)", async () => {
    const team = `chg-${randomUUID().slice(0, 8)}`;
    const service = `chg-${randomUUID().slice(0, 8)}`;
    // LOCAL_SCHEDULER_SPEED=3000: 3 h last 3.6 s.
    expect((await call('POST', '/v1/teams', { role: 'admin', body: { id: team, name: `Changes ${team}`, members: [`bob-${team}`], schedule_id: null, auto_resolve_hours: 3 } })).status).toBe(201);
    const integration = await createIntegration({ name: 'Deploys', kind: 'events_v2', mapping: { type: 'service', service, team } });
    const change = JSON.stringify({ ...fixture('pagerduty-change'), routing_key: integration.routing_key });
    expect((await post('/v2/change/enqueue', change)).status).toBe(202); // the handler is loaded before the clock starts
    const incident = await call<Json>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Checkout slow after deploy', severity: 'low', affected_services: [service], assigned_team: team } });
    expect(incident.status, incident.text).toBe(201);
    const id = String(incident.body.id);
    await sleep(1800);
    expect((await post('/v2/change/enqueue', change)).status).toBe(202);
    let detail: { status: string; timeline: Json[] } = { status: 'open', timeline: [] };
    for (let i = 0; i < 150 && detail.status !== 'resolved'; i++) {
      await sleep(100);
      detail = (await call<{ status: string; timeline: Json[] }>('GET', `/v1/incidents/${id}`, { role: 'viewer' })).body;
    }
    expect(detail.status).toBe('resolved');
    const at = (type: string) => Date.parse(String(detail.timeline.find((e) => e.type === type)?.at));
    // The change came before the resolution was due (3 h = 3.6 s after the create); pushed back,
    // the resolution would come ≥ 3.6 s after the change; it comes when it was due. The change is
    // sent 1.8 s in, so either side has 1.8 s to spare for a loaded machine.
    expect(at('incident.change_recorded')).toBeLessThan(at('incident.created') + 3600);
    expect(at('incident.resolved')).toBeLessThan(at('incident.change_recorded') + 3600);
  });

  it('a signed Alertmanager webhook firing then resolved opens then resolves an incident', async () => {
    const service = `am-${randomUUID().slice(0, 8)}`;
    const integration = await createIntegration({ name: 'Alertmanager', kind: 'webhook', mapping: { type: 'service', service }, webhook: { preset: 'alertmanager' } });
    const secret = String(integration.secret);
    expect(secret).toMatch(/^whsec_/);
    expect(integration.routing_key).toBeUndefined();
    const shown = await call('GET', `/v1/integrations/${String(integration.id)}`, { role: 'viewer' });
    expect(shown.text).not.toContain(secret);
    expect((await call('GET', '/v1/integrations?limit=100', { role: 'viewer' })).text).not.toContain('whsec_');

    const fp = `fp-${randomUUID()}`;
    const firing = alertmanager('firing', fp);
    const opened = await post(`/v1/integrations/${String(integration.id)}/webhook`, firing, { 'x-signature-256': sign(secret, firing) });
    expect(opened.status, opened.text).toBe(202);
    expect(opened.body).toEqual({ status: 'accepted', alerts: [{ dedup_key: fp, event_action: 'trigger', result: 'opened' }] });
    const [incident] = await incidentsOf(service);
    expect(incident).toMatchObject({ title: 'Checkout 5xx rate above 5%', severity: 'critical', status: 'open' });
    const alerts = await call<{ items: Json[] }>('GET', `/v1/incidents/${String(incident?.id)}/alerts`, { role: 'viewer' });
    expect(alerts.body.items).toEqual([expect.objectContaining({ dedup_key: fp, status: 'triggered', source: 'checkout-1:8080' })]);

    const resolvedBody = alertmanager('resolved', fp);
    const resolved = await post(`/v1/integrations/${String(integration.id)}/webhook`, resolvedBody, { authorization: `Bearer ${secret}` });
    expect(resolved.status, resolved.text).toBe(202);
    expect(resolved.body).toMatchObject({ alerts: [{ dedup_key: fp, event_action: 'resolve', result: 'resolved' }] });
    const after = await call<Json>('GET', `/v1/incidents/${String(incident?.id)}`, { role: 'viewer' });
    expect(after.body.status).toBe('resolved');
  });

  it('a bad signature and an unknown id give the identical 403', async () => {
    const integration = await createIntegration({ name: 'Grafana', kind: 'webhook', mapping: { type: 'service', service: `gf-${randomUUID().slice(0, 8)}` }, webhook: { preset: 'grafana' } });
    const body = JSON.stringify(fixture('grafana-webhook'));
    const unknownId = 'INT-01JD2X5Q7R8S9T0V1W2X3Y4Z5A';
    const bad = await post(`/v1/integrations/${String(integration.id)}/webhook`, body, { 'x-signature-256': sign('whsec_wrong', body) });
    const unknown = await post(`/v1/integrations/${unknownId}/webhook`, body, { 'x-signature-256': sign(String(integration.secret), body) });
    const unsigned = await post(`/v1/integrations/${String(integration.id)}/webhook`, body);
    for (const res of [bad, unknown, unsigned]) {
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    // The same problem, but for the path the caller sent (`instance`).
    const withoutInstance = ({ instance: _, ...rest }: Json) => rest;
    expect(withoutInstance(bad.body)).toEqual(withoutInstance(unknown.body));
    expect(withoutInstance(unsigned.body)).toEqual(withoutInstance(unknown.body));
    expect(unknown.body.instance).toBe(`/v1/integrations/${unknownId}/webhook`);
    expect(JSON.stringify(bad.body)).not.toContain(String(integration.name));
  });

  it('50 concurrent identical webhook alerts → one alert and one incident', async () => {
    const service = `storm-${randomUUID().slice(0, 8)}`;
    const integration = await createIntegration({ name: 'Alertmanager storm', kind: 'webhook', mapping: { type: 'service', service }, webhook: { preset: 'alertmanager' } });
    const fp = `fp-${randomUUID()}`;
    const body = alertmanager('firing', fp);
    const signature = sign(String(integration.secret), body);
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(`/v1/integrations/${String(integration.id)}/webhook`, body, { 'x-signature-256': signature })));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 50 }, () => 202));
    expect(answers.filter((a) => (a.body.alerts as Json[])[0]?.result === 'opened')).toHaveLength(1);
    // The list is read from an index: give it a moment.
    let incidents: Json[] = [];
    for (let i = 0; i < 20 && incidents.length === 0; i++) {
      incidents = await incidentsOf(service);
      if (incidents.length === 0) await sleep(100);
    }
    expect(incidents).toHaveLength(1);
    const alerts = await call<{ items: Json[] }>('GET', `/v1/incidents/${String(incidents[0]?.id)}/alerts`, { role: 'viewer' });
    expect(alerts.body.items).toEqual([expect.objectContaining({ dedup_key: fp, count: 50 })]);
  });

  it('limits and malformed payloads are 400 problem+json naming the field, and nothing is stored', async () => {
    const service = `lim-${randomUUID().slice(0, 8)}`;
    const integration = await createIntegration({ name: 'Limits', kind: 'webhook', mapping: { type: 'service', service }, webhook: { preset: 'alertmanager' } });
    const secret = String(integration.secret);
    const fp = `fp-${randomUUID()}`;
    const cases: [string, string][] = [
      [JSON.stringify({ ...JSON.parse(alertmanager('firing', fp)), pad: 'x'.repeat(513 * 1024) }), 'body'],
      ['{"alerts": [', 'body'],
      [JSON.stringify({ alerts: [{ status: 'firing', labels: {}, annotations: {}, fingerprint: fp }] }), 'body.alerts[0].annotations.summary'],
      [JSON.stringify({ alerts: [{ status: 'firing', labels: { alertname: 'A' }, fingerprint: 'f'.repeat(256) }] }), 'body.alerts[0].fingerprint'],
      [JSON.stringify({ alerts: Array.from({ length: 101 }, (_, i) => ({ status: 'firing', labels: { alertname: 'A' }, fingerprint: `${fp}-${i}` })) }), 'body.alerts'],
    ];
    for (const [body, field] of cases) {
      const res = await post(`/v1/integrations/${String(integration.id)}/webhook`, body, { 'x-signature-256': sign(secret, body) });
      expect(res.status, field).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body.errors as Json[]).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
    }
    expect(await incidentsOf(service)).toEqual([]);

    const bad = [
      [{ name: 'x', kind: 'webhook', mapping: { type: 'service', service } }, 'webhook'],
      [{ name: 'x', kind: 'webhook', mapping: { type: 'service', service }, webhook: { preset: 'nagios' } }, 'webhook'],
      [{ name: 'x', kind: 'webhook', mapping: { type: 'service', service }, webhook: { mapping: { title: 'labels/name' } } }, 'webhook.mapping.title'],
      [{ name: 'x', kind: 'events_v2', mapping: { type: 'service', service }, webhook: { preset: 'grafana' } }, 'webhook'],
    ] as const;
    for (const [body, field] of bad) {
      const res = await call<Json>('POST', '/v1/integrations', { role: 'admin', body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.text).toContain(field);
    }
  });
});
