/**
 * EventBridge target for "CloudWatch Alarm State Change" events from the default bus
 * (lib/constructs/alarm-ingestion.ts). Thin: parse the event, run the alarm use case once, log.
 * A malformed event is logged and dropped (retrying cannot fix it); any other error is thrown so
 * that EventBridge retries and finally parks the event in the target's dead-letter queue.
 * Fixtures: test/events/cloudwatch-alarm-state-change-*.json (the documented event format).
 */
import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { ALARM_STATES } from '#shared/domain/alarms/alarm.ts';
import { flushMetrics, logger, withRequestLogger } from '#shared/observability.ts';
import { componentDeps } from '#shared/use-cases/components/deps.ts';
import { handleAlarm, type AlarmOutcome } from '#shared/use-cases/alarms/handle-alarm.ts';

/** The parts of the documented event this handler reads. */
export interface AlarmStateChangeDetail {
  alarmName: string;
  state: { value: (typeof ALARM_STATES)[number]; reason?: string; timestamp?: string };
  previousState?: { value: string; reason?: string; timestamp?: string };
  configuration?: { description?: string };
}

export type AlarmStateChangeEvent = EventBridgeEvent<'CloudWatch Alarm State Change', AlarmStateChangeDetail>;

const EventSchema = z.object({
  id: z.string().check(z.minLength(1)),
  'detail-type': z.literal('CloudWatch Alarm State Change'),
  source: z.literal('aws.cloudwatch'),
  time: z.string().check(z.minLength(1)),
  detail: z.object({
    alarmName: z.string().check(z.minLength(1), z.maxLength(255)),
    state: z.object({ value: z.enum(ALARM_STATES), reason: z.optional(z.string()) }),
  }),
});

export async function handler(event: AlarmStateChangeEvent): Promise<AlarmOutcome | { result: 'rejected' }> {
  const parsed = EventSchema.safeParse(event);
  if (!parsed.success) {
    logger.warn('not a CloudWatch alarm state change event; dropped', { issues: parsed.error.issues, id: (event as { id?: unknown } | undefined)?.id });
    return { result: 'rejected' };
  }
  const { id, time, detail } = parsed.data;
  // Its own logger: once the change it makes is written, its lines carry that change's
  // `correlation_id` (the CloudEvent id), as an API request's do (shared/observability.ts).
  return withRequestLogger(async () => {
    logger.appendKeys({ event_id: id, alarm: detail.alarmName });
    try {
      const outcome = await handleAlarm(componentDeps, { eventId: id, alarmName: detail.alarmName, state: detail.state.value, reason: detail.state.reason, time });
      logger.info('alarm state change handled', { state: detail.state.value, ...outcome });
      return outcome;
    } finally {
      flushMetrics();
    }
  });
}
