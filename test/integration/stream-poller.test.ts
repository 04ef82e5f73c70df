/**
 * The local outbox: writes to DynamoDB Local reach the publisher through its stream, in order,
 * and a batch the publisher reports as failed is retried rather than skipped.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

async function startPoller(capture: Capture, checkpointFile?: string): Promise<StreamPoller> {
  const p = new StreamPoller({
    endpoint: inject('dynamodbEndpoint'),
    tableName: String(process.env.TABLE_NAME),
    intervalMs: 50,
    handler: (event) => publishTimeline(event.Records, { publisher: capture, namespace: 'io.incidents', stage: 'local' }),
    ...(checkpointFile ? { checkpointFile } : {}),
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

describe('local stream poller across restarts (checkpoint file)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const checkpoint = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stream-position-'));
    dirs.push(dir);
    return path.join(dir, 'stream-position.json');
  };

  it('does not republish history on its first start, and records its position before serving', async () => {
    const file = checkpoint();
    await createAndAcknowledge(); // history: written before the first start
    const capture = new Capture();
    poller = await startPoller(capture, file);
    const position = JSON.parse(readFileSync(file, 'utf8')) as { streamArn: string; shards: Record<string, { sequence: string | null }> };
    expect(position.streamArn).toMatch(/stream/);
    expect(Object.values(position.shards).some((s) => s.sequence !== null)).toBe(true);
    const ids = await createAndAcknowledge();
    await until(() => capture.events.length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(capture.events.map((e) => e.id)).toEqual(ids);
  });

  it('publishes what was written while it was stopped, from the recorded position, and nothing twice', async () => {
    const file = checkpoint();
    const first = new Capture();
    poller = await startPoller(first, file);
    const before = await createAndAcknowledge();
    await until(() => first.events.length >= 2);
    await poller.stop();
    poller = undefined;
    const whileDown = await createAndAcknowledge();
    const second = new Capture();
    poller = await startPoller(second, file);
    await until(() => second.events.length >= 2);
    const after = await createAndAcknowledge();
    await until(() => second.events.length >= 4);
    await new Promise((r) => setTimeout(r, 200));
    expect(first.events.map((e) => e.id)).toEqual(before);
    expect(second.events.map((e) => e.id)).toEqual([...whileDown, ...after]);
  });

  it('does not move its position past a batch the publisher refused (it is published after a restart)', async () => {
    const file = checkpoint();
    const refusing = new Capture();
    refusing.failNext = Number.MAX_SAFE_INTEGER;
    poller = await startPoller(refusing, file);
    const ids = await createAndAcknowledge();
    await until(() => refusing.calls >= 2);
    await poller.stop();
    poller = undefined;
    const capture = new Capture();
    poller = await startPoller(capture, file);
    await until(() => capture.events.length >= 2);
    expect(capture.events.map((e) => e.id)).toEqual(ids);
  });

  it('starts over (without republishing) when the position belongs to another stream', async () => {
    const file = checkpoint();
    writeFileSync(file, JSON.stringify({ version: 1, streamArn: 'arn:aws:dynamodb:ddblocal:000000000000:table/old/stream/x', shards: { 'shardId-old': { sequence: '1' } } }));
    await createAndAcknowledge();
    const capture = new Capture();
    poller = await startPoller(capture, file);
    const ids = await createAndAcknowledge();
    await until(() => capture.events.length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(capture.events.map((e) => e.id)).toEqual(ids);
    expect(Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { shards: object }).shards)).not.toContain('shardId-old');
  });
});
