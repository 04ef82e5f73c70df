/**
 * The local outbox: writes to DynamoDB Local reach the publisher through its stream, in order,
 * and a batch the publisher reports as failed is retried rather than skipped.
 */
import { inject, afterEach, describe, expect, it } from 'vitest';
import { dayKey, incidentId } from '#shared/domain/ids.ts';
import { changeStatus, newIncident, type Actor } from '#shared/domain/incidents/incident.ts';
import type { CloudEvent } from '#shared/events/cloudevent.ts';
import type { EventPublisher, PublishResult } from '#shared/events/publisher.ts';
import { publishTimeline } from '#shared/events/publish-timeline.ts';
import { StreamPoller } from '#shared/local/stream-poller.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';

const store = new DynamoIncidentStore();
const alice: Actor = { id: 'u-1', name: 'alice', kind: 'user' };

class Capture implements EventPublisher {
  readonly events: CloudEvent[] = [];
  failNext = 0;
  calls = 0;
  publish(events: readonly CloudEvent[]): Promise<PublishResult> {
    this.calls += 1;
    if (this.failNext > 0) {
      this.failNext -= 1;
      return Promise.resolve({ failed: events.map((e) => ({ id: e.id, error: 'injected' })) });
    }
    this.events.push(...events);
    return Promise.resolve({ failed: [] });
  }
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

let poller: StreamPoller | undefined;
afterEach(async () => {
  await poller?.stop();
  poller = undefined;
});

async function startPoller(capture: Capture): Promise<StreamPoller> {
  const p = new StreamPoller({
    endpoint: inject('dynamodbEndpoint'),
    tableName: String(process.env.TABLE_NAME),
    intervalMs: 50,
    handler: (event) => publishTimeline(event.Records, { publisher: capture, namespace: 'io.incidents', stage: 'local' }),
  });
  await p.start();
  return p;
}

async function createAndAcknowledge() {
  const now = new Date();
  const day = dayKey(now);
  const created = newIncident(incidentId(day, await store.nextSequence(day)), { title: 'Stream test', severity: 'high' }, alice, now.toISOString());
  await store.create(created.incident, created.entry);
  const ack = changeStatus(created.incident, 'acknowledged', alice, new Date(now.getTime() + 1).toISOString(), null);
  await store.save(created.incident, ack.incident, ack.entry);
  return [created.entry.id, ack.entry.id];
}

describe('local stream poller', () => {
  it('publishes the timeline entries written after it started, in order, and nothing else', async () => {
    const capture = new Capture();
    poller = await startPoller(capture);
    const ids = await createAndAcknowledge();
    await until(() => capture.events.length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(capture.events.map((e) => e.id)).toEqual(ids);
    expect(capture.events.map((e) => e.type)).toEqual(['io.incidents.incident.created', 'io.incidents.incident.acknowledged']);
  });

  it('retries a batch the publisher reported as failed', async () => {
    const capture = new Capture();
    capture.failNext = 2;
    poller = await startPoller(capture);
    const ids = await createAndAcknowledge();
    await until(() => capture.events.length >= 2);
    expect(capture.events.map((e) => e.id)).toEqual(ids);
    expect(capture.calls).toBeGreaterThanOrEqual(3);
  });
});
