/**
 * Publisher queue (public changes from the bus, and a schedule's tick) → one render of the whole
 * public site per batch, written to the site bucket. The queue is FIFO with one message group, so
 * batches run one at a time and a later render never races an earlier one; a burst of events
 * becomes a few batches, not one render each. A failed render fails the batch: SQS retries it,
 * then moves it to the DLQ, which alarms (docs/operations.md).
 */
import type { Context, SQSEvent } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { logger } from '#shared/observability.ts';
import { S3SiteWriter } from '#shared/site/s3-site-writer.ts';
import { publishRequestOf, publishSite, type PublishDeps } from '#shared/use-cases/status/publish-site.ts';
import { siteDeps } from '#shared/use-cases/status/site-deps.ts';
import { siteDataFiles } from '#shared/use-cases/status/site-files.ts';

/** The CloudEvent id of a publisher-queue message (undefined for the schedule's tick). */
function eventIdOf(body: string): string | undefined {
  try {
    const id = (JSON.parse(body) as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

export function createPublishSiteHandler(deps: PublishDeps, namespace: string) {
  return async (event: SQSEvent): Promise<void> => {
    const request = publishRequestOf(event.Records.map((r) => r.body), namespace);
    const started = Date.now();
    const result = await publishSite(deps, request);
    // One render serves a batch of changes: the line names each one's CloudEvent id (its correlation id).
    logger.info('site published', { correlation_ids: event.Records.map((r) => eventIdOf(r.body)).filter((id) => id !== undefined), messages: event.Records.length, incidents: request.incidents.length, full: request.full ?? false, written: result.written.length, deleted: result.deleted.length, ms: Date.now() - started });
  };
}

let lazy: ReturnType<typeof createPublishSiteHandler> | undefined;

export const handler = (event: SQSEvent, context: Context): Promise<void> => {
  if (!config.SITE_BUCKET) throw new Error('SITE_BUCKET is not set');
  lazy ??= createPublishSiteHandler({ ...siteDeps, writer: new S3SiteWriter(config.SITE_BUCKET), extraFiles: siteDataFiles }, config.EVENT_NAMESPACE);
  logger.addContext(context);
  return lazy(event);
};
