/**
 * POST /v2/enqueue on DynamoDB Local, fed with PagerDuty's documented example events
 * (test/events/pagerduty-*.json): every limit is PagerDuty's 400 with nothing stored, concurrent
 * triggers of one dedup_key open one alert and one incident, trigger → acknowledge → resolve moves
 * the incident, and an unknown key is answered exactly like a malformed one.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { newComponent, newComponentId, type Component } from '#shared/domain/components/component.ts';
import { db, tableName } from '#shared/store/client.ts';
import { DynamoComponentStore } from '#shared/store/components/dynamo-component-store.ts';
import { keys } from '#shared/store/keys.ts';
import { integrationDeps, type IntegrationDeps } from '#shared/use-cases/integrations/deps.ts';
import { listIncidentAlerts } from '#shared/use-cases/integrations/incident-alerts.ts';
import { createIntegration } from '#shared/use-cases/integrations/integrations.ts';
import { receiveEvent } from '#shared/use-cases/integrations/pd-request.ts';

type Json = Record<string, unknown>;
const fixture = (name: 'trigger' | 'acknowledge' | 'resolve') => JSON.parse(readFileSync(new URL(`../events/pagerduty-${name}.json`, import.meta.url), 'utf8')) as Json;
// Each test its own client IP: the failure limit of one does not spill into another.
const ip = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
// A fresh limiter scope per run: the per-key window is in the table.
const deps: IntegrationDeps = integrationDeps;

const send = (event: Json, from = ip()) => receiveEvent(deps, JSON.stringify(event), from);

async function serviceIntegration() {
  return createIntegration(deps, { name: `pd-${randomUUID()}`, kind: 'events_v2', mapping: { type: 'service', service: 'checkout', team: null, default_severity: 'high' } });
}

const trigger = (routingKey: string, dedupKey: string | undefined, extra: Json = {}) => {
  const base = fixture('trigger');
  const event: Json = { ...base, routing_key: routingKey, ...extra };
  if (dedupKey === undefined) delete event.dedup_key;
  else event.dedup_key = dedupKey;
  return event;
};

async function openAlertItem(integrationId: string, dedupKey: string) {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.openAlert(integrationId, dedupKey), ConsistentRead: true }));
  return Item;
}

describe('PagerDuty Events API v2: POST /v2/enqueue', () => {
  it('the fixtures are PagerDuty\'s documented examples', () => {
    expect(fixture('trigger')).toMatchObject({ event_action: 'trigger', payload: { summary: 'Example alert on host1.example.com', severity: 'info' } });
    expect(fixture('acknowledge')).toMatchObject({ event_action: 'acknowledge', dedup_key: 'samplekeyhere' });
    expect(fixture('resolve')).toMatchObject({ event_action: 'resolve', dedup_key: 'samplekeyhere' });
  });

  it('answers 202 with the dedup_key, opens one system incident on the service, keeps the payload as a linked alert', async () => {
    const integration = await serviceIntegration();
    const dedup = `host1-${randomUUID()}`;
    const answer = await send(trigger(integration.routing_key, dedup));
    expect(answer).toEqual({ status: 202, body: { status: 'success', message: 'Event processed', dedup_key: dedup } });
    const open = await openAlertItem(integration.id, dedup);
    expect(open).toMatchObject({ status: 'triggered', count: 1, incident_id: expect.stringMatching(/^INC-/) });
    const incident = await deps.incidents.store.get(open?.incident_id as string);
    expect(incident).toMatchObject({ title: 'Example alert on host1.example.com', severity: 'low', affected_services: ['checkout'], system: true, status: 'open' });
    const page = await listIncidentAlerts(deps, incident?.id as string, 10, undefined);
    expect(page.items).toHaveLength(1);
    const detail = await deps.incidents.store.getDetail(incident?.id as string);
    expect(detail?.alerts).toEqual([expect.objectContaining({ dedup_key: dedup, status: 'triggered', summary: 'Example alert on host1.example.com', severity: 'info' })]);
    expect(page.items[0]).toMatchObject({ dedup_key: dedup, payload: { custom_details: { 'ping time': '1500ms', 'load avg': 0.75 }, client: 'Example Monitoring Client', links: [{ href: 'https://example.com/', text: 'Link text' }] } });
  });

  it('a repeated trigger for an open dedup_key costs two sequential DynamoDB round trips', async () => {
    const integration = await serviceIntegration();
    const dedup = `rt-${randomUUID()}`;
    await send(trigger(integration.routing_key, dedup));
    const log: { name: string; pk: unknown; phase: 'start' | 'end' }[] = [];
    const original = db.send.bind(db);
    const spy = vi.spyOn(db, 'send').mockImplementation((async (command: { constructor: { name: string }; input: { Key?: { pk?: unknown } } }) => {
      const entry = { name: command.constructor.name, pk: command.input.Key?.pk };
      log.push({ ...entry, phase: 'start' });
      try {
        return await (original as (c: unknown) => Promise<unknown>)(command);
      } finally {
        log.push({ ...entry, phase: 'end' });
      }
    }) as never);
    try {
      expect((await send(trigger(integration.routing_key, dedup))).status).toBe(202);
    } finally {
      spy.mockRestore();
    }
    const starts = log.filter((l) => l.phase === 'start');
    expect(starts.map((l) => `${l.name} ${String(l.pk).split('#')[0]}`)).toEqual(['GetCommand RKEY', 'UpdateCommand RATE', 'UpdateCommand ALERT']);
    // The key lookup and the rate window run together: the alert update is the second round trip.
    expect(log.slice(0, 2).every((l) => l.phase === 'start')).toBe(true);
    expect((await openAlertItem(integration.id, dedup))?.count).toBe(2);
  });

  it('a trigger for a new dedup_key: one UpdateItem opens the alert, and it is linked in the incident\'s create transaction', async () => {
    const integration = await serviceIntegration();
    const dedup = `new-${randomUUID()}`;
    const names: string[] = [];
    const original = db.send.bind(db);
    const spy = vi.spyOn(db, 'send').mockImplementation((async (command: { constructor: { name: string }; input: { Key?: { pk?: unknown }; TransactItems?: unknown[] } }) => {
      names.push(`${command.constructor.name} ${command.input.TransactItems ? command.input.TransactItems.length : String(command.input.Key?.pk).split('#')[0]}`);
      return (original as (c: unknown) => Promise<unknown>)(command);
    }) as never);
    try {
      expect((await send(trigger(integration.routing_key, dedup))).status).toBe(202);
    } finally {
      spy.mockRestore();
    }
    expect(names.slice(0, 4)).toEqual(['GetCommand RKEY', 'UpdateCommand RATE', 'UpdateCommand ALERT', 'UpdateCommand SEQ']);
    expect(names.slice(4).map((n) => n.split(' ')[0])).toEqual(['TransactWriteCommand']);
    const open = await openAlertItem(integration.id, dedup);
    expect(open).toMatchObject({ count: 1, status: 'triggered', incident_id: expect.stringMatching(/^INC-/), gsi1pk: `ALERTS#${String(open?.incident_id)}` });
    expect((await deps.incidents.store.getDetail(open?.incident_id as string))?.alerts).toEqual([expect.objectContaining({ dedup_key: dedup })]);
  });

  it('a trigger without dedup_key gets one generated and returned', async () => {
    const integration = await serviceIntegration();
    const answer = await send(trigger(integration.routing_key, undefined));
    expect(answer.status).toBe(202);
    const dedup = answer.body.dedup_key as string;
    expect(dedup).toMatch(/^[0-9a-z]{26}$/);
    expect(await openAlertItem(integration.id, dedup)).toMatchObject({ status: 'triggered' });
  });

  it('50 concurrent triggers with one dedup_key: one alert counted 50 times, one incident', async () => {
    const integration = await serviceIntegration();
    const dedup = `storm-${randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 50 }, () => send(trigger(integration.routing_key, dedup))));
    expect(answers.every((a) => a.status === 202 && a.body.dedup_key === dedup)).toBe(true);
    const open = await openAlertItem(integration.id, dedup);
    expect(open?.count).toBe(50);
    const incidentId = open?.incident_id as string;
    expect(incidentId).toMatch(/^INC-/);
    const alerts = await deps.integrations.allIncidentAlerts(incidentId);
    expect(alerts).toHaveLength(1);
    // One incident: the only one that names this integration's alert, and it was opened once.
    const { items } = await deps.incidents.store.list({}, 100, undefined);
    expect(items.filter((i) => i.description.includes(integration.id))).toHaveLength(1);
  });

  it('trigger → acknowledge → resolve moves the incident; the same dedup_key then opens a new alert and incident', async () => {
    const integration = await serviceIntegration();
    const dedup = `life-${randomUUID()}`;
    await send(trigger(integration.routing_key, dedup));
    const first = (await openAlertItem(integration.id, dedup))?.incident_id as string;
    expect(await send({ ...fixture('acknowledge'), routing_key: integration.routing_key, dedup_key: dedup })).toMatchObject({ status: 202, body: { dedup_key: dedup } });
    expect(await deps.incidents.store.get(first)).toMatchObject({ status: 'acknowledged' });
    expect(await openAlertItem(integration.id, dedup)).toMatchObject({ status: 'acknowledged' });
    expect(await send({ ...fixture('resolve'), routing_key: integration.routing_key, dedup_key: dedup })).toMatchObject({ status: 202 });
    expect(await deps.incidents.store.get(first)).toMatchObject({ status: 'resolved' });
    expect(await openAlertItem(integration.id, dedup)).toBeUndefined();
    expect((await deps.integrations.allIncidentAlerts(first))[0]).toMatchObject({ status: 'resolved', resolved_at: expect.any(String) });
    expect((await deps.incidents.store.getDetail(first))?.alerts).toEqual([expect.objectContaining({ dedup_key: dedup, status: 'resolved', acknowledged_at: expect.any(String) })]);

    await send(trigger(integration.routing_key, dedup));
    const second = await openAlertItem(integration.id, dedup);
    expect(second).toMatchObject({ status: 'triggered', count: 1 });
    expect(second?.incident_id).not.toBe(first);
  });

  it('an acknowledge or resolve from another integration is dropped (202, nothing changes)', async () => {
    const a = await serviceIntegration();
    const b = await serviceIntegration();
    const dedup = `cross-${randomUUID()}`;
    await send(trigger(a.routing_key, dedup));
    expect(await send({ ...fixture('resolve'), routing_key: b.routing_key, dedup_key: dedup })).toMatchObject({ status: 202 });
    expect(await openAlertItem(a.id, dedup)).toMatchObject({ status: 'triggered' });
  });

  describe('every limit is PagerDuty\'s 400, and nothing is stored', () => {
    const cases: [string, (key: string, dedup: string) => Json | string][] = [
      ['a 256-character dedup_key', (k) => trigger(k, 'd'.repeat(256))],
      ['a 1,025-character summary', (k, d) => trigger(k, d, { payload: { ...(fixture('trigger').payload as Json), summary: 's'.repeat(1025) } })],
      ['a bad severity', (k, d) => trigger(k, d, { payload: { ...(fixture('trigger').payload as Json), severity: 'fatal' } })],
      ['a missing routing_key', (_k, d) => { const e = trigger('x', d); delete e.routing_key; return e; }],
      ['a bad event_action', (k, d) => trigger(k, d, { event_action: 'escalate' })],
      ['a trigger without payload', (k, d) => { const e = trigger(k, d); delete e.payload; return e; }],
      ['a resolve without dedup_key', (k) => ({ routing_key: k, event_action: 'resolve' })],
      ['a body over 512 KB', (k, d) => trigger(k, d, { payload: { ...(fixture('trigger').payload as Json), custom_details: { blob: 'x'.repeat(513 * 1024) } } })],
      ['a body that is not JSON', () => '{"routing_key": '],
    ];
    it.each(cases)('%s', async (_name, build) => {
      const integration = await serviceIntegration();
      const dedup = `limit-${randomUUID()}`;
      const event = build(integration.routing_key, dedup);
      const answer = await receiveEvent(deps, typeof event === 'string' ? event : JSON.stringify(event), ip());
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ status: 'invalid event', message: 'Event object is invalid', errors: [expect.any(String)] });
      expect(await openAlertItem(integration.id, dedup)).toBeUndefined();
      expect(await openAlertItem(integration.id, 'd'.repeat(256))).toBeUndefined();
    });

    it('names the field in each error', async () => {
      const integration = await serviceIntegration();
      const answer = await send(trigger(integration.routing_key, 'd'.repeat(256), { payload: { ...(fixture('trigger').payload as Json), severity: 'fatal' } }));
      expect(answer.body.errors).toEqual(expect.arrayContaining([expect.stringContaining('dedup_key'), expect.stringContaining('severity')]));
    });
  });

  it('an unknown, a malformed, a rotated-away and a deleted key get one identical answer', async () => {
    const integration = await serviceIntegration();
    const from = ip();
    const unknown = await send(trigger('0123456789abcdef0123456789abcdef', 'k'), from);
    const malformed = await send(trigger('samplekeyhere', 'k'), from);
    const { rotateRoutingKey, deleteIntegration } = await import('#shared/use-cases/integrations/integrations.ts');
    const rotated = await rotateRoutingKey(deps, integration.id);
    const old = await send(trigger(integration.routing_key, 'k'), from);
    await deleteIntegration(deps, integration.id);
    const deleted = await send(trigger((rotated as { routing_key: string }).routing_key, 'k'), from);
    expect(unknown).toEqual({ status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors: ['Invalid routing key'] } });
    for (const answer of [malformed, old, deleted]) expect(answer).toEqual(unknown);
  });

  it('repeated failures from one client are rate-limited (429) after 20 a minute', async () => {
    const from = ip();
    const answers = [];
    for (let i = 0; i < 22; i++) answers.push(await send(trigger('0123456789abcdef0123456789abcdef', 'k'), from));
    expect(answers.slice(0, 20).every((a) => a.status === 400)).toBe(true);
    expect(answers.slice(20).map((a) => a.status)).toEqual([429, 429]);
    expect(answers[20]?.headers?.['retry-after']).toMatch(/^\d+$/);
  });

  describe('an integration mapped to a component goes through the component-status decision', () => {
    let component: Component;
    beforeAll(async () => {
      component = newComponent(newComponentId(), { name: `pd-db-${randomUUID().slice(0, 8)}`, attributes: [] }, new Date().toISOString());
      await new DynamoComponentStore().putComponent(component);
    });

    it('a trigger opens (or joins) the system incident covering the component; resolving every alert resolves it', async () => {
      const integration = await createIntegration(deps, { name: 'pd-db', kind: 'events_v2', mapping: { type: 'component', component_id: component.id, impact: 2 } });
      const one = `db-1-${randomUUID()}`;
      const two = `db-2-${randomUUID()}`;
      await send(trigger(integration.routing_key, one));
      await send(trigger(integration.routing_key, two));
      const incidentId = (await openAlertItem(integration.id, one))?.incident_id as string;
      expect((await openAlertItem(integration.id, two))?.incident_id).toBe(incidentId);
      const incident = await deps.incidents.store.get(incidentId);
      expect(incident).toMatchObject({ system: true, impact: expect.any(Number) });
      expect(incident?.components).toContain(component.id);

      await send({ ...fixture('resolve'), routing_key: integration.routing_key, dedup_key: one });
      expect((await deps.incidents.store.get(incidentId))?.status).not.toBe('resolved');
      await send({ ...fixture('resolve'), routing_key: integration.routing_key, dedup_key: two });
      expect(await deps.incidents.store.get(incidentId)).toMatchObject({ status: 'resolved' });
    });
  });
});
