/**
 * Generic webhooks and change events on DynamoDB Local, through the use cases the handlers call:
 * - a signed Alertmanager payload opens an alert and an incident through the enqueue use case of
 *   /v2/enqueue, and its resolved twin resolves both; the shared-secret headers work too;
 * - every refusal (unknown id, events_v2 integration, bad signature, rotated secret) is one
 *   answer, and repeated ones are rate-limited; a malformed payload names the field, stores nothing;
 * - PagerDuty's change event example is kept per service, listed newest first with cursors, and
 *   noted on the service's active incidents only, without opening, resolving or blocking anything.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '#shared/domain/incidents/incident.ts';
import { signBody } from '#shared/domain/integrations/signature.ts';
import { db, tableName } from '#shared/store/client.ts';
import { keys } from '#shared/store/keys.ts';
import { changeStatus } from '#shared/use-cases/incidents/change-status.ts';
import { createIncident } from '#shared/use-cases/incidents/create-incident.ts';
import { integrationDeps as deps } from '#shared/use-cases/integrations/deps.ts';
import { createIntegration, getIntegration, listIntegrations, rotateRoutingKey } from '#shared/use-cases/integrations/integrations.ts';
import { listChanges } from '#shared/use-cases/integrations/list-changes.ts';
import { receiveWebhook } from '#shared/use-cases/integrations/receive-webhook.ts';
import { receiveChangeEvent } from '#shared/use-cases/integrations/record-change-event.ts';

type Json = Record<string, unknown>;
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../events/${name}.json`, import.meta.url), 'utf8')) as Json;
const ip = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

async function webhookIntegration(service = `svc-${randomUUID().slice(0, 8)}`) {
  return createIntegration(deps, { name: `am-${randomUUID().slice(0, 8)}`, kind: 'webhook', mapping: { type: 'service', service, team: null, default_severity: 'high' }, webhook: { preset: 'alertmanager' } });
}

/** An Alertmanager payload of one alert with its own fingerprint. */
function alertmanager(name: 'firing' | 'resolved', fingerprint: string): string {
  const body = fixture(`alertmanager-${name}`);
  (body.alerts as Json[])[0] = { ...(body.alerts as Json[])[0], fingerprint };
  return JSON.stringify(body);
}

const signed = (secret: string, body: string, from = ip()) => (id: string) => receiveWebhook(deps, id, body, { 'x-signature-256': signBody(secret, body) }, from);

async function openAlert(integrationId: string, dedupKey: string) {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.openAlert(integrationId, dedupKey), ConsistentRead: true }));
  return Item;
}

describe('generic webhooks', () => {
  it('the secret is whsec_…, shown on create and rotate only, never by get or list', async () => {
    const integration = await webhookIntegration();
    expect(integration.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(integration).not.toHaveProperty('routing_key');
    expect(integration.webhook).toEqual({ preset: 'alertmanager', mapping: null });
    const shown = await getIntegration(deps, integration.id);
    expect(JSON.stringify(shown)).not.toContain(integration.secret);
    const { items } = await listIntegrations(deps, 100, undefined);
    expect(JSON.stringify(items)).not.toContain('whsec_');
    const rotated = await rotateRoutingKey(deps, integration.id);
    expect('secret' in rotated && rotated.secret).toMatch(/^whsec_/);
    expect('secret' in rotated && rotated.secret).not.toBe(integration.secret);
  });

  it('a signed Alertmanager firing opens an alert and an incident; the resolved payload resolves both', async () => {
    const integration = await webhookIntegration('checkout');
    const fp = `fp-${randomUUID()}`;
    const firing = await signed(integration.secret, alertmanager('firing', fp))(integration.id);
    expect(firing).toEqual({ kind: 'accepted', alerts: [{ dedup_key: fp, event_action: 'trigger', result: 'opened' }] });
    const open = await openAlert(integration.id, fp);
    expect(open).toMatchObject({ status: 'triggered', severity: 'critical', summary: 'Checkout 5xx rate above 5%', source: 'checkout-1:8080', payload: { custom_details: { fingerprint: fp } } });
    const incident = await deps.incidents.store.get(open?.incident_id as string);
    expect(incident).toMatchObject({ title: 'Checkout 5xx rate above 5%', severity: 'critical', affected_services: ['checkout'], system: true, status: 'open' });

    const again = await signed(integration.secret, alertmanager('firing', fp))(integration.id);
    expect(again).toMatchObject({ kind: 'accepted', alerts: [{ result: 'counted' }] });
    expect((await openAlert(integration.id, fp))?.count).toBe(2);

    const resolved = await signed(integration.secret, alertmanager('resolved', fp))(integration.id);
    expect(resolved).toMatchObject({ kind: 'accepted', alerts: [{ dedup_key: fp, event_action: 'resolve', result: 'resolved' }] });
    expect(await openAlert(integration.id, fp)).toBeUndefined();
    expect(await deps.incidents.store.get(incident?.id as string)).toMatchObject({ status: 'resolved' });
  });

  it('tools that cannot sign send the secret as Bearer or X-Webhook-Secret', async () => {
    const integration = await webhookIntegration();
    const body = alertmanager('firing', `fp-${randomUUID()}`);
    expect(await receiveWebhook(deps, integration.id, body, { authorization: `Bearer ${integration.secret}` }, ip())).toMatchObject({ kind: 'accepted' });
    expect(await receiveWebhook(deps, integration.id, body, { 'x-webhook-secret': integration.secret }, ip())).toMatchObject({ kind: 'accepted', alerts: [{ result: 'counted' }] });
  });

  it('an unknown id, an events_v2 integration, a bad signature, a malformed id and a rotated-away secret get one refusal', async () => {
    const integration = await webhookIntegration();
    const pd = await createIntegration(deps, { name: 'pd', kind: 'events_v2', mapping: { type: 'service', service: 'x', team: null, default_severity: 'high' } });
    const body = alertmanager('firing', `fp-${randomUUID()}`);
    const from = ip();
    const answers = [
      await signed(integration.secret, body, from)('INT-01JD2X5Q7R8S9T0V1W2X3Y4Z5A'),
      await signed(integration.secret, body, from)(pd.id),
      await receiveWebhook(deps, pd.id, body, { authorization: `Bearer ${pd.routing_key}` }, from),
      await signed(`${integration.secret}x`, body, from)(integration.id),
      await receiveWebhook(deps, integration.id, body, { 'x-signature-256': 'sha256=deadbeef' }, from),
      await receiveWebhook(deps, integration.id, body, {}, from),
      await signed(integration.secret, body, from)('../../etc/passwd'),
    ];
    await rotateRoutingKey(deps, integration.id);
    answers.push(await signed(integration.secret, body, from)(integration.id));
    for (const answer of answers) expect(answer).toEqual({ kind: 'refused' });
    expect(await openAlert(integration.id, ((JSON.parse(body) as { alerts: { fingerprint: string }[] }).alerts[0]?.fingerprint ?? ''))).toBeUndefined();
  });

  it('repeated refusals from one client are throttled after 20 a minute', async () => {
    const from = ip();
    const answers = [];
    for (let i = 0; i < 22; i++) answers.push(await receiveWebhook(deps, 'INT-01JD2X5Q7R8S9T0V1W2X3Y4Z5A', '{}', {}, from));
    expect(answers.slice(0, 20).every((a) => a.kind === 'refused')).toBe(true);
    expect(answers.slice(20)).toEqual([expect.objectContaining({ kind: 'throttled' }), expect.objectContaining({ kind: 'throttled' })]);
  });

  it.each([
    ['a body over 512 KB', (fp: string) => JSON.stringify({ ...JSON.parse(alertmanager('firing', fp)), pad: 'x'.repeat(513 * 1024) }), 'body'],
    ['a body that is not JSON', () => '{"alerts": [', 'body'],
    ['alerts that is not an array', () => JSON.stringify({ alerts: { status: 'firing' } }), 'body.alerts'],
    ['an alert without a title', (fp: string) => JSON.stringify({ alerts: [{ status: 'firing', labels: {}, annotations: {}, fingerprint: fp }] }), 'body.alerts[0].annotations.summary'],
    ['an unknown status', (fp: string) => JSON.stringify({ alerts: [{ status: 'pending', labels: { alertname: 'A' }, fingerprint: fp }] }), 'body.alerts[0].status'],
    ['a 256-character fingerprint', () => JSON.stringify({ alerts: [{ status: 'firing', labels: { alertname: 'A' }, fingerprint: 'f'.repeat(256) }] }), 'body.alerts[0].fingerprint'],
  ])('%s: invalid, naming the field, nothing stored', async (_name, build, field) => {
    const integration = await webhookIntegration();
    const fp = `fp-${randomUUID()}`;
    const answer = await signed(integration.secret, build(fp))(integration.id);
    expect(answer).toMatchObject({ kind: 'invalid', issues: [expect.objectContaining({ path: field })] });
    expect(await openAlert(integration.id, fp)).toBeUndefined();
    expect(await openAlert(integration.id, 'f'.repeat(256))).toBeUndefined();
  });

  it('a field mapping: title, severity map, dedup key, status from the tool\'s own JSON', async () => {
    const integration = await createIntegration(deps, {
      name: 'custom',
      kind: 'webhook',
      mapping: { type: 'service', service: `svc-${randomUUID().slice(0, 8)}`, team: null, default_severity: 'high' },
      webhook: { mapping: { alerts: null, title: ['/check/name'], severity: ['/check/level'], severity_map: { sev1: 'critical' }, default_severity: 'warning', dedup_key: ['/check/id'], status: ['/check/state'], resolved_values: ['ok'], source: ['/host'] } },
    });
    const id = `chk-${randomUUID()}`;
    const firing = JSON.stringify({ check: { name: 'Queue backlog', level: 'SEV1', id, state: 'firing' }, host: 'mq-1' });
    expect(await signed(integration.secret, firing)(integration.id)).toMatchObject({ kind: 'accepted', alerts: [{ dedup_key: id, result: 'opened' }] });
    expect(await openAlert(integration.id, id)).toMatchObject({ severity: 'critical', summary: 'Queue backlog', source: 'mq-1' });
    const ok = JSON.stringify({ check: { name: 'Queue backlog', id, state: 'OK' } });
    expect(await signed(integration.secret, ok)(integration.id)).toMatchObject({ kind: 'accepted', alerts: [{ result: 'resolved' }] });
  });

  it('50 concurrent identical webhook alerts: one alert counted 50 times, one incident', async () => {
    const integration = await webhookIntegration();
    const fp = `storm-${randomUUID()}`;
    const body = alertmanager('firing', fp);
    const answers = await Promise.all(Array.from({ length: 50 }, () => signed(integration.secret, body)(integration.id)));
    expect(answers.every((a) => a.kind === 'accepted')).toBe(true);
    const open = await openAlert(integration.id, fp);
    expect(open?.count).toBe(50);
    expect(await deps.integrations.allIncidentAlerts(open?.incident_id as string)).toHaveLength(1);
    const { items } = await deps.incidents.store.list({}, 100, undefined);
    expect(items.filter((i) => i.description.includes(integration.id))).toHaveLength(1);
  });
});

describe('change events', () => {
  const change = (routingKey: string, extra: Json = {}) => JSON.stringify({ ...fixture('pagerduty-change'), routing_key: routingKey, ...extra });

  it("PagerDuty's example: 202 in PagerDuty's shape, kept per service and team, noted on the service's active incidents only", async () => {
    const service = `svc-${randomUUID().slice(0, 8)}`;
    const team = `team-${randomUUID().slice(0, 8)}`;
    const integration = await createIntegration(deps, { name: 'deploys', kind: 'events_v2', mapping: { type: 'service', service, team, default_severity: 'high' } });
    const active = (await createIncident(deps.incidents, { title: 'Checkout errors', severity: 'high', affected_services: [service] }, SYSTEM_ACTOR)).incident;
    const resolved = (await createIncident(deps.incidents, { title: 'Old checkout errors', severity: 'high', affected_services: [service] }, SYSTEM_ACTOR)).incident;
    await changeStatus(deps.incidents, resolved.id, 'resolved', SYSTEM_ACTOR, 'done');
    const other = (await createIncident(deps.incidents, { title: 'Search errors', severity: 'high', affected_services: ['search'] }, SYSTEM_ACTOR)).incident;

    const answer = await receiveChangeEvent(deps, change(integration.routing_key), ip());
    expect(answer).toEqual({ status: 202, body: { message: 'Change event processed', status: 'success' } });

    const bySvc = await listChanges(deps, { service, limit: 20 });
    expect(bySvc.items).toEqual([
      expect.objectContaining({
        integration_id: integration.id,
        summary: 'Build Success: Increase snapshot create timeout to 30 seconds',
        source: 'prod-build-agent-i-0b148d1040d565540',
        timestamp: '2015-07-17T08:42:58.315Z',
        custom_details: { build_state: 'passed', build_number: '220', run_time: '1236s' },
        links: [{ href: 'https://buildpipeline.com/pagerduty/deployment/builds/220', text: 'View in Build Pipeline' }],
        service,
        team,
        incident_ids: [active.id],
      }),
    ]);
    expect((await listChanges(deps, { team, limit: 20 })).items.map((c) => c.id)).toEqual(bySvc.items.map((c) => c.id));

    const timeline = (id: string) => deps.incidents.store.getDetail(id).then((d) => d?.timeline.filter((e) => e.type === 'incident.change_recorded') ?? []);
    expect(await timeline(active.id)).toEqual([expect.objectContaining({ message: expect.stringContaining('Build Success: Increase snapshot create timeout'), change_event: expect.objectContaining({ id: bySvc.items[0]?.id }) })]);
    expect(await timeline(resolved.id)).toEqual([]);
    expect(await timeline(other.id)).toEqual([]);
    // A change never moves the incident.
    expect(await deps.incidents.store.get(active.id)).toMatchObject({ status: 'open', version: active.version });
    expect(await deps.incidents.store.get(resolved.id)).toMatchObject({ status: 'resolved' });
  });

  it('lists newest first (by the change time) with cursor pages', async () => {
    const service = `svc-${randomUUID().slice(0, 8)}`;
    const integration = await createIntegration(deps, { name: 'deploys', kind: 'events_v2', mapping: { type: 'service', service, team: null, default_severity: 'high' } });
    for (const [i, at] of ['2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z', '2026-02-01T00:00:00Z'].entries()) {
      expect((await receiveChangeEvent(deps, change(integration.routing_key, { payload: { summary: `deploy ${i}`, timestamp: at } }), ip())).status).toBe(202);
    }
    const first = await listChanges(deps, { service, limit: 2 });
    expect(first.items.map((c) => c.summary)).toEqual(['deploy 1', 'deploy 2']);
    const second = await listChanges(deps, { service, limit: 2, cursor: first.next_cursor as string });
    expect(second.items.map((c) => c.summary)).toEqual(['deploy 0']);
    await expect(listChanges(deps, { service: 'another', limit: 2, cursor: first.next_cursor as string })).rejects.toThrow(/cursor/);
  });

  it("every limit is PagerDuty's 400 with nothing stored; an unknown key, a webhook's secret and a malformed key are one answer", async () => {
    const service = `svc-${randomUUID().slice(0, 8)}`;
    const integration = await createIntegration(deps, { name: 'deploys', kind: 'events_v2', mapping: { type: 'service', service, team: null, default_severity: 'high' } });
    const hook = await webhookIntegration();
    for (const body of [
      change(integration.routing_key, { payload: { summary: 's'.repeat(1025) } }),
      change(integration.routing_key, { payload: { source: 'x' } }),
      change(integration.routing_key, { payload: undefined }),
      change(integration.routing_key, { payload: { summary: 'x', timestamp: 'yesterday' } }),
      change(integration.routing_key, { links: [{ text: 'no href' }] }),
      change(integration.routing_key, { pad: 'x'.repeat(513 * 1024) }),
      '{"routing_key": ',
      JSON.stringify({ payload: { summary: 'x' } }),
    ]) {
      const answer = await receiveChangeEvent(deps, body, ip());
      expect(answer.status, body.slice(0, 80)).toBe(400);
      expect(answer.body).toMatchObject({ status: 'invalid event', message: 'Event object is invalid', errors: [expect.any(String)] });
    }
    expect((await listChanges(deps, { service, limit: 20 })).items).toEqual([]);
    const from = ip();
    const refused = [await receiveChangeEvent(deps, change('0123456789abcdef0123456789abcdef'), from), await receiveChangeEvent(deps, change(hook.secret), from), await receiveChangeEvent(deps, change('samplekeyhere'), from)];
    for (const answer of refused) expect(answer).toEqual({ status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors: ['Invalid routing key'] } });
  });

  it('a component integration notes the change on the active incidents naming the component', async () => {
    const { newComponent, newComponentId } = await import('#shared/domain/components/component.ts');
    const { DynamoComponentStore } = await import('#shared/store/components/dynamo-component-store.ts');
    const component = newComponent(newComponentId(), { name: `chg-${randomUUID().slice(0, 8)}`, attributes: [] }, new Date().toISOString());
    await new DynamoComponentStore().putComponent(component);
    const pd = await createIntegration(deps, { name: 'db', kind: 'events_v2', mapping: { type: 'component', component_id: component.id, impact: 2 } });
    const { receiveEvent } = await import('#shared/use-cases/integrations/pd-request.ts');
    await receiveEvent(deps, JSON.stringify({ ...fixture('pagerduty-trigger'), routing_key: pd.routing_key, dedup_key: `db-${randomUUID()}` }), ip());
    const incidentId = (await deps.components.components.board()).incidents.find((i) => i.components.includes(component.id))?.id as string;
    expect(incidentId).toMatch(/^INC-/);
    expect((await receiveChangeEvent(deps, change(pd.routing_key), ip())).status).toBe(202);
    const detail = await deps.incidents.store.getDetail(incidentId);
    expect(detail?.timeline.filter((e) => e.type === 'incident.change_recorded')).toHaveLength(1);
    expect(detail?.incident.status).toBe('open');
  });
});
