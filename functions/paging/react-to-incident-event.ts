/**
 * Bus rule (incident events of the namespace) → the paging reactor: starts escalations on
 * `incident.created`, cancels and arms timers as incidents are acknowledged, snoozed, resolved,
 * and pushes auto-resolve back on every update (shared/use-cases/paging/react-to-incident-event.ts).
 * EventBridge invokes it asynchronously (retries, then the rule target's DLQ); a failure throws.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { config } from '#shared/config.ts';
import type { CloudEvent } from '#shared/events/cloudevent.ts';
import { logger, withCorrelation } from '#shared/observability.ts';
import type { EscalationDeps } from '#shared/use-cases/paging/escalation-context.ts';
import { escalationDeps } from '#shared/use-cases/paging/escalation-deps.ts';
import { reactToIncidentEvent, type Reaction } from '#shared/use-cases/paging/react-to-incident-event.ts';

export function createReactorHandler(deps: EscalationDeps, namespace: string) {
  // Every line about the event carries `correlation_id` = its CloudEvent id (shared/observability.ts).
  return (event: EventBridgeEvent<string, CloudEvent>): Promise<Reaction> =>
    withCorrelation(event.detail.id, async () => {
      const reaction = await reactToIncidentEvent(deps, event.detail, namespace);
      if (reaction.actions.length > 0) logger.info('paging reaction', { event_id: event.detail.id, ...reaction });
      return reaction;
    });
}

export const handler = createReactorHandler(escalationDeps, config.EVENT_NAMESPACE);
