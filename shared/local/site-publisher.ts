/**
 * Local mode's site publisher, the same chain as in AWS with in-process stand-ins:
 *
 *   local bus ──rule (public event types)──► site queue (one batch at a time, DLQ after 5)
 *     ──► publish-site handler ──► LocalSiteWriter (.local/site/, atomic writes)
 *   a tick every `tickMs` (maintenance windows start and end with the clock) ──► the same queue
 *
 * The queue plays the FIFO queue with one message group: concurrency 1, so a burst of events
 * waits while one render runs and the next render takes them all (up to the batch size).
 * Import only after the environment is set (shared/config.ts parses it on first import).
 */
import { createPublishSiteHandler } from '#functions/status/publish-site.ts';
import { config } from '#shared/config.ts';
import type { LocalRule } from '#shared/events/local-bus.ts';
import { LocalQueue } from '#shared/notify/local-queue.ts';
import { LocalSiteWriter } from '#shared/site/local-site-writer.ts';
import { PUBLIC_EVENT_TYPES, type PublishDeps } from '#shared/use-cases/status/publish-site.ts';
import { siteDeps } from '#shared/use-cases/status/site-deps.ts';
import { siteDataFiles } from '#shared/use-cases/status/site-files.ts';

export interface LocalSitePublisher {
  readonly root: string;
  readonly rule: LocalRule;
  readonly queue: LocalQueue;
  readonly dlq: LocalQueue;
  /** Renders counted since start (GET /_local/events). */
  readonly stats: () => { renders: number; failures: number; last_published_at: string | null };
  /** Starts consuming and asks for a first full publish. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const TICK_BODY = JSON.stringify({ type: 'site.tick' });

/** How long a change may wait for the API's requests before it is rendered anyway (the publish goal is 3 s). */
export const SITE_YIELD_MAX_MS = 1000;

/**
 * `apiBusy`: whether the gateway is serving API requests. A render reads the whole public state
 * (about 200 queries with 50 components), so while requests are in flight it waits, at most
 * SITE_YIELD_MAX_MS: an alarm storm is answered first and rendered once afterwards.
 */
export function createLocalSitePublisher(options: { root: string; tickMs?: number; deps?: Partial<PublishDeps>; apiBusy?: () => boolean }): LocalSitePublisher {
  const msPerSecond = config.LOCAL_QUEUE_MS_PER_SECOND;
  const dlq = new LocalQueue({ name: 'site-dlq', msPerSecond });
  let renders = 0;
  let failures = 0;
  let last: string | null = null;
  const queue = new LocalQueue({
    name: 'site',
    msPerSecond,
    visibilityTimeoutSeconds: 30,
    maxReceiveCount: 5,
    deadLetterQueue: dlq,
    concurrency: 1,
    batchSize: 10,
    ...(options.apiBusy ? { yieldTo: { busy: options.apiBusy, maxDelayMs: SITE_YIELD_MAX_MS } } : {}),
    onError: (error) => {
      failures += 1;
      console.error('site publish failed', error);
    },
  });
  const types = new Set(PUBLIC_EVENT_TYPES.map((t) => `${config.EVENT_NAMESPACE}.${t}`));
  const handler = createPublishSiteHandler({ ...siteDeps, writer: new LocalSiteWriter(options.root), extraFiles: siteDataFiles, ...options.deps }, config.EVENT_NAMESPACE);
  let timer: NodeJS.Timeout | undefined;
  const tick = () => queue.sendBatch([{ id: 'tick', body: TICK_BODY }]);
  return {
    root: options.root,
    rule: { name: 'site', matches: (e) => types.has(e.type), target: queue },
    queue,
    dlq,
    stats: () => ({ renders, failures, last_published_at: last }),
    async start() {
      queue.start(async (event) => {
        await handler(event);
        renders += 1;
        last = new Date().toISOString();
      });
      await tick();
      timer = setInterval(() => void tick(), options.tickMs ?? 60_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await Promise.all([queue.stop(), dlq.stop()]);
    },
  };
}
