import { readFileSync } from 'node:fs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudEvent as SdkCloudEvent } from 'cloudevents';
import { beforeEach, describe, expect, it } from 'vitest';
import { toCloudEvent, type CloudEvent } from '#shared/events/cloudevent.ts';
import { EventBridgePublisher } from '#shared/events/eventbridge-publisher.ts';
import { publishTimeline } from '#shared/events/publish-timeline.ts';

const fixture = JSON.parse(readFileSync(new URL('../../events/timeline-insert.json', import.meta.url), 'utf8')) as DynamoDBStreamEvent;
const eventBridge = mockClient(EventBridgeClient);
const noSleep = () => Promise.resolve();
const publisher = () => new EventBridgePublisher({ client: new EventBridgeClient({}), busName: 'incident-events-test', source: 'io.incidents', sleep: noSleep });
const deps = () => ({ publisher: publisher(), namespace: 'io.incidents', stage: 'test' });

/** n timeline INSERT records derived from the fixture, distinct ids and sequence numbers. */
function records(n: number): DynamoDBRecord[] {
  const base = fixture.Records[0] as DynamoDBRecord;
  return Array.from({ length: n }, (_, i) => {
    const copy = structuredClone(base);
    const image = copy.dynamodb?.NewImage as Record<string, { S?: string }>;
    (image.id as { S: string }).S = `01KAWZ6Y00C9M7T5ZQ3D4W8H${String(i).padStart(2, '0')}`;
    (copy.dynamodb as { SequenceNumber: string }).SequenceNumber = String(100 + i);
    return copy;
  });
}

/** Every event is a valid CloudEvent 1.0 for the SDK (strict validation throws otherwise). */
function assertValidCloudEvent(event: CloudEvent): void {
  const parsed = new SdkCloudEvent(event as unknown as Record<string, unknown>);
  expect(parsed.validate()).toBe(true);
  expect(parsed.specversion).toBe('1.0');
}

const detailOf = (entry: { Detail?: string }) => JSON.parse(entry.Detail ?? '{}') as CloudEvent;

beforeEach(() => eventBridge.reset());

describe('outbox publisher', () => {
  it('turns a timeline INSERT into one CloudEvent on the bus, exactly', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    const result = await publishTimeline(fixture.Records, deps());
    expect(result).toEqual({ batchItemFailures: [] });
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input?.Entries).toHaveLength(1);
    const entry = input?.Entries?.[0] ?? {};
    expect(entry).toEqual({
      EventBusName: 'incident-events-test',
      Source: 'io.incidents',
      DetailType: 'io.incidents.incident.acknowledged',
      Detail: expect.any(String),
      Time: new Date('2026-11-24T10:00:00.000Z'),
      Resources: [],
    });
    const event = detailOf(entry);
    assertValidCloudEvent(event);
    expect(event).toEqual({
      specversion: '1.0',
      id: '01KAWZ6Y00C9M7T5ZQ3D4W8H2N',
      source: '/incident-service/test',
      type: 'io.incidents.incident.acknowledged',
      subject: 'INC-20261124-0042',
      time: '2026-11-24T10:00:00.000Z',
      datacontenttype: 'application/json',
      data: {
        incident: { id: 'INC-20261124-0042', title: 'Payments API 5xx', severity: 'critical', impact: 3, status: 'acknowledged', affected_services: ['payments'], assigned_team: 'payments', version: 2 },
        change: {
          type: 'incident.acknowledged',
          actor: { id: 'u-1', name: 'alice', kind: 'user' },
          changes: { status: { from: 'open', to: 'acknowledged' } },
          message: 'on it',
          public_message: null,
          update_type: null,
        },
      },
    });
  });

  it('ignores MODIFY/REMOVE records and items that are not timeline entries', async () => {
    const [base] = records(1) as [DynamoDBRecord];
    const modify = { ...structuredClone(base), eventName: 'MODIFY' as const };
    const incident = structuredClone(base);
    (incident.dynamodb?.NewImage as Record<string, { S: string }>).entity = { S: 'incident' };
    const result = await publishTimeline([modify, incident], deps());
    expect(result.batchItemFailures).toEqual([]);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('sends batches of at most 10 entries, in stream order', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({ FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `e-${i}` })) }));
    const result = await publishTimeline(records(23), deps());
    expect(result.batchItemFailures).toEqual([]);
    const sizes = eventBridge.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries?.length);
    expect(sizes).toEqual([10, 10, 3]);
    const ids = eventBridge.commandCalls(PutEventsCommand).flatMap((c) => (c.args[0].input.Entries ?? []).map((e) => detailOf(e).id));
    expect(ids).toEqual(records(23).map((r) => r.dynamodb?.NewImage?.id?.S));
    for (const call of eventBridge.commandCalls(PutEventsCommand)) for (const e of call.args[0].input.Entries ?? []) assertValidCloudEvent(detailOf(e));
  });

  it('retries only the entries PutEvents refused', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ EventId: 'a' }, { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }, { EventId: 'c' }] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'b' }] });
    const recs = records(3);
    const result = await publishTimeline(recs, deps());
    expect(result.batchItemFailures).toEqual([]);
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Entries?.map((e) => detailOf(e).id)).toEqual([recs[1]?.dynamodb?.NewImage?.id?.S]);
  });

  it('reports the records whose events still fail after the retries, and only those', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: { Detail: string }[] }) => {
      const entries = input.Entries.map((e) => (JSON.parse(e.Detail) as CloudEvent).id.endsWith('01') ? { ErrorCode: 'InternalFailure', ErrorMessage: 'boom' } : { EventId: 'ok' });
      return { FailedEntryCount: entries.filter((e) => 'ErrorCode' in e).length, Entries: entries };
    });
    const result = await publishTimeline(records(3), deps());
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '101' }]);
    // 1 call with all three, then 3 retries of the one that fails (4 attempts in all).
    expect(eventBridge.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries?.length)).toEqual([3, 1, 1, 1]);
  });

  it('treats a PutEvents call that throws as a failure of its whole batch, retried', async () => {
    eventBridge.on(PutEventsCommand).rejectsOnce(new Error('network down')).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'a' }, { EventId: 'b' }] });
    expect((await publishTimeline(records(2), deps())).batchItemFailures).toEqual([]);
    eventBridge.reset();
    eventBridge.on(PutEventsCommand).rejects(new Error('network down'));
    expect((await publishTimeline(records(2), deps())).batchItemFailures).toEqual([{ itemIdentifier: '100' }, { itemIdentifier: '101' }]);
  });

  it('reports a timeline record it cannot read instead of skipping it', async () => {
    const [broken] = records(1) as [DynamoDBRecord];
    delete (broken.dynamodb?.NewImage as Record<string, unknown>).id;
    expect((await publishTimeline([broken], deps())).batchItemFailures).toEqual([{ itemIdentifier: '100' }]);
  });
});

describe('CloudEvent mapping', () => {
  const base = { entity: 'timeline', id: '01KAWZ6Y00C9M7T5ZQ3D4W8H2N', at: '2026-11-24T10:00:00.000Z', actor: { id: 's', name: 'system', kind: 'system' }, changes: {} };
  it.each([
    ['incident.created', 'io.incidents.incident.created'],
    ['incident.updated', 'io.incidents.incident.updated'],
    ['incident.update_added', 'io.incidents.incident.update_added'],
    ['incident.status_changed', 'io.incidents.incident.status_changed'],
    ['incident.resolved', 'io.incidents.incident.resolved'],
    ['incident.deleted', 'io.incidents.incident.deleted'],
    ['incident.escalated', 'io.incidents.incident.escalated'],
    ['incident.comment_added', 'io.incidents.incident.comment_added'],
    ['incident.assigned', 'io.incidents.incident.assigned'],
  ])('maps %s to %s', (type, expected) => {
    const event = toCloudEvent({ ...base, type, incident_id: 'INC-20261124-0001', incident: { id: 'INC-20261124-0001', pk: 'x' } }, { namespace: 'io.incidents', stage: 'dev' });
    expect(event.type).toBe(expected);
    expect(event.subject).toBe('INC-20261124-0001');
    expect(event.data.incident).toEqual({ id: 'INC-20261124-0001' });
    assertValidCloudEvent(event);
  });

  it('maps component entries to component.status_changed with the component as subject', () => {
    const event = toCloudEvent(
      { ...base, type: 'component.status_changed', component_id: 'checkout-api', component: { id: 'checkout-api', status: 'major_outage' } },
      { namespace: 'com.example', stage: 'prod' },
    );
    expect(event).toMatchObject({ type: 'com.example.component.status_changed', subject: 'checkout-api', source: '/incident-service/prod', data: { component: { status: 'major_outage' } } });
    expect(event.data.incident).toBeUndefined();
    assertValidCloudEvent(event);
  });
});
