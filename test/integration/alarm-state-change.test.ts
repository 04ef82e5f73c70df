/**
 * The alarm handler in process against DynamoDB Local, fed with the documented event format
 * (test/events/cloudwatch-alarm-state-change-*.json).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler, type AlarmStateChangeEvent } from '#functions/alarms/handle-alarm-state-change.ts';
import { newComponent, newComponentId, type Component } from '#shared/domain/components/component.ts';
import { DynamoComponentStore } from '#shared/store/components/dynamo-component-store.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { componentDeps } from '#shared/use-cases/components/deps.ts';
import { createAlarmMapping } from '#shared/use-cases/components/components.ts';
import { reportComponentStatus } from '#shared/use-cases/components/report-component-status.ts';

const fixture = (state: 'alarm' | 'ok') => JSON.parse(readFileSync(new URL(`../events/cloudwatch-alarm-state-change-${state}.json`, import.meta.url), 'utf8')) as AlarmStateChangeEvent;
const components = new DynamoComponentStore();
const incidents = new DynamoIncidentStore();
const admin = { id: 'admin', name: 'admin', kind: 'user' } as const;

function event(state: 'alarm' | 'ok', alarmName: string, id: string = randomUUID()): AlarmStateChangeEvent {
  const base = fixture(state);
  return { ...base, id, resources: [`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${alarmName}`], detail: { ...base.detail, alarmName } };
}

describe('CloudWatch alarm state changes', () => {
  let checkout: Component;

  beforeAll(async () => {
    checkout = newComponent(newComponentId(), { name: 'checkout-api', attributes: [{ name: 'region', value: 'us-east-1' }] }, new Date().toISOString());
    await components.putComponent(checkout);
    await createAlarmMapping(componentDeps, { alarm_prefix: 'checkout-api-', component_id: checkout.id, impact: 2 }, admin);
  });

  it('the fixtures follow the documented format', () => {
    for (const state of ['alarm', 'ok'] as const) {
      const e = fixture(state);
      expect(e).toMatchObject({ source: 'aws.cloudwatch', 'detail-type': 'CloudWatch Alarm State Change', detail: { alarmName: expect.any(String), state: { value: state.toUpperCase() } } });
    }
  });

  it('ALARM opens a system incident once; a redelivery changes nothing; OK of every alarm resolves it', async () => {
    const first = event('alarm', 'checkout-api-5xx-high');
    const opened = await handler(first);
    expect(opened).toMatchObject({ result: 'created', componentId: checkout.id });
    const id = (opened as { incidentId: string }).incidentId;
    const incident = await incidents.get(id);
    expect(incident).toMatchObject({ system: true, impact: 2, components: [checkout.id], title: 'Alarm checkout-api-5xx-high', created_by: 'system' });

    expect(await handler(first)).toEqual({ result: 'duplicate', incidentId: null });
    expect((await incidents.get(id))?.version).toBe(incident?.version);

    // A second alarm on the same component joins the incident.
    const second = await handler(event('alarm', 'checkout-api-latency-high'));
    expect(second).toMatchObject({ result: 'unchanged', incidentId: id });
    expect(await components.alarmLinks(id)).toHaveLength(2);

    const okFirst = event('ok', 'checkout-api-5xx-high');
    expect(await handler(okFirst)).toEqual({ result: 'recovered', incidentId: id });
    expect((await incidents.get(id))?.status).toBe('open');
    expect(await handler(okFirst)).toEqual({ result: 'duplicate', incidentId: null });

    expect(await handler(event('ok', 'checkout-api-latency-high'))).toEqual({ result: 'resolved', incidentId: id });
    const detail = await incidents.getDetail(id);
    expect(detail?.incident).toMatchObject({ status: 'resolved', resolved_at: expect.any(String) });
    expect(detail?.timeline.map((e) => [e.type, e.message])).toEqual([
      ['incident.created', 'checkout-api (region=us-east-1) added'],
      ['incident.updated', 'alarm checkout-api-latency-high firing'],
      ['incident.updated', 'alarm recovered'],
      ['incident.updated', 'alarm recovered'],
      ['incident.resolved', 'resolved by system: all alarms OK'],
    ]);
    // The resolved incident is off the board.
    expect((await components.board()).incidents.map((i) => i.id)).not.toContain(id);
  });

  it('concurrent redeliveries of one ALARM event create one incident', async () => {
    const e = event('alarm', 'checkout-api-errors');
    const results = await Promise.all(Array.from({ length: 10 }, () => handler(e)));
    expect(results.filter((r) => r.result === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.result !== 'created').every((r) => r.result === 'duplicate')).toBe(true);
  });

  it("an alarm's OK does not resolve an incident a monitor also reported a component into", async () => {
    const searchApi = newComponent(newComponentId(), { name: 'search-api' }, new Date().toISOString());
    const searchIndex = newComponent(newComponentId(), { name: 'search-index' }, new Date().toISOString());
    await components.putComponent(searchApi);
    await components.putComponent(searchIndex);
    await createAlarmMapping(componentDeps, { alarm_prefix: 'search-api-', component_id: searchApi.id, impact: 3 }, admin);

    const opened = await handler(event('alarm', 'search-api-5xx'));
    expect(opened).toMatchObject({ result: 'created', componentId: searchApi.id });
    const id = (opened as { incidentId: string }).incidentId;
    const monitor = { id: 'monitor', name: 'monitor', kind: 'machine' } as const;
    const reported = await reportComponentStatus(componentDeps, { name: 'search-index', impact: 3, text: 'Index lagging' }, monitor);
    expect(reported.incident?.id).toBe(id);
    expect((await incidents.get(id))?.components.sort()).toEqual([searchApi.id, searchIndex.id].sort());

    // The alarm recovered, the monitor's component did not: the incident stays open.
    expect(await handler(event('ok', 'search-api-5xx'))).toEqual({ result: 'recovered', incidentId: id });
    expect((await incidents.get(id))?.status).toBe('open');
  });

  it('an unmapped alarm and a malformed event change nothing', async () => {
    expect(await handler(event('alarm', 'nobody-maps-this'))).toEqual({ result: 'unmapped', incidentId: null });
    expect(await handler({ id: 'x', source: 'aws.ec2' } as unknown as AlarmStateChangeEvent)).toEqual({ result: 'rejected' });
    expect(await handler(event('ok', 'never-fired'))).toEqual({ result: 'ignored', incidentId: null });
  });
});
