/** The local queue's durability (`dir`): what was sent survives a crash, what was acknowledged does not come back; and its yielding to the API (`yieldTo`). */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalQueue } from '#shared/notify/local-queue.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'local-queue-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('local queue with a directory', () => {
  it('keeps every message it acknowledged to the sender, in send order, for the next process', async () => {
    const dir = tempDir();
    const queue = new LocalQueue({ name: 'q', dir, msPerSecond: 1 });
    const sent = await queue.sendBatch([{ id: '1', body: 'first', attributes: { recipient_id: 'a' } }, { id: '2', body: 'second' }]);
    expect(sent.failed).toEqual([]);
    await queue.sendBatch([{ id: '3', body: 'third' }]);
    // No stop(): the process "dies" here.
    const reopened = new LocalQueue({ name: 'q', dir, msPerSecond: 1 });
    expect(reopened.peek().map((m) => [m.body, m.attributes])).toEqual([['first', { recipient_id: 'a' }], ['second', {}], ['third', {}]]);
  });

  it('removes acknowledged messages and keeps a failed one with its receive count', async () => {
    const dir = tempDir();
    const queue = new LocalQueue({ name: 'q', dir, msPerSecond: 1, visibilityTimeoutSeconds: 10_000 });
    queue.start((e: SQSEvent) => Promise.resolve({ batchItemFailures: e.Records.filter((r) => r.body === 'poison').map((r) => ({ itemIdentifier: r.messageId })) }));
    await queue.sendBatch([{ id: '1', body: 'poison' }, { id: '2', body: 'fine' }]);
    await until(() => queue.stats().deleted === 1 && queue.stats().inFlight === 0);
    await queue.stop();
    const reopened = new LocalQueue({ name: 'q', dir, msPerSecond: 1 });
    expect(reopened.peek()).toEqual([expect.objectContaining({ body: 'poison', receiveCount: 1 })]);
    // Its back-off survives too: not visible yet.
    expect(reopened.stats()).toMatchObject({ visible: 0, delayed: 1 });
  });

  it('receives a message again after a crash while it was in flight', async () => {
    const dir = tempDir();
    const queue = new LocalQueue({ name: 'q', dir, msPerSecond: 1 });
    let received = 0;
    queue.start(() => {
      received += 1;
      return new Promise(() => undefined); // the consumer never returns: the process dies with it
    });
    await queue.sendBatch([{ id: '1', body: 'in flight' }]);
    await until(() => received === 1);
    const reopened = new LocalQueue({ name: 'q', dir, msPerSecond: 1 });
    const bodies: string[] = [];
    reopened.start((e) => {
      bodies.push(...e.Records.map((r) => r.body));
      return Promise.resolve();
    });
    await until(() => reopened.stats().deleted === 1);
    await reopened.stop();
    expect(bodies).toEqual(['in flight']);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('moves a message to its dead-letter queue durably', async () => {
    const dir = tempDir();
    const dlqDir = path.join(dir, 'dlq');
    const dlq = new LocalQueue({ name: 'dlq', dir: dlqDir, msPerSecond: 1 });
    const queue = new LocalQueue({ name: 'q', dir: path.join(dir, 'q'), msPerSecond: 1, maxReceiveCount: 2, deadLetterQueue: dlq, visibilityTimeoutSeconds: 1 });
    queue.start((e) => Promise.resolve({ batchItemFailures: e.Records.map((r) => ({ itemIdentifier: r.messageId })) }));
    await queue.sendBatch([{ id: '1', body: 'poison', attributes: { event_id: 'e1' } }]);
    await until(() => dlq.peek().length === 1);
    await queue.stop();
    expect(readdirSync(path.join(dir, 'q'))).toEqual([]);
    expect(new LocalQueue({ name: 'dlq', dir: dlqDir }).peek()).toEqual([expect.objectContaining({ body: 'poison', attributes: { event_id: 'e1' } })]);
  });

  it('ignores and removes a half-written temporary file, and answers a send it could not store as failed', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '.00000000000001-000000001-x.json.abcd.tmp'), '{"messageId":');
    const queue = new LocalQueue({ name: 'q', dir });
    expect(queue.peek()).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
    rmSync(dir, { recursive: true });
    const result = await queue.sendBatch([{ id: 'a', body: 'x' }, { id: 'b', body: 'y' }]);
    expect(result.failed.map((f) => f.id)).toEqual(['a', 'b']);
    expect(queue.peek()).toEqual([]);
  });
});

describe('local queue that yields to the API (yieldTo)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function yielding(busy: { value: boolean }) {
    vi.useFakeTimers();
    const received: string[] = [];
    const queue = new LocalQueue({ name: 'site', msPerSecond: 1, concurrency: 1, yieldTo: { busy: () => busy.value, maxDelayMs: 1000 } });
    queue.start((e: SQSEvent) => {
      received.push(...e.Records.map((r) => r.body));
      return Promise.resolve();
    });
    await queue.sendBatch([{ id: '1', body: 'change' }]);
    return { queue, received };
  }

  it('holds a message while the API is busy and delivers it as soon as the API is idle', async () => {
    const busy = { value: true };
    const { queue, received } = await yielding(busy);
    await vi.advanceTimersByTimeAsync(600);
    expect(received).toEqual([]);
    busy.value = false;
    await vi.advanceTimersByTimeAsync(30);
    expect(received).toEqual(['change']);
    await queue.stop();
  });

  it('delivers a message after maxDelayMs even if the API stays busy, and at once when it is idle', async () => {
    const busy = { value: true };
    const { queue, received } = await yielding(busy);
    await vi.advanceTimersByTimeAsync(990);
    expect(received).toEqual([]);
    await vi.advanceTimersByTimeAsync(20);
    expect(received).toEqual(['change']);
    busy.value = false;
    await queue.sendBatch([{ id: '2', body: 'next' }]);
    await vi.advanceTimersByTimeAsync(1);
    expect(received).toEqual(['change', 'next']);
    await queue.stop();
  });
});
