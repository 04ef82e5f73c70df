/**
 * The production wiring of the escalation routes that arm no timer: policies and acknowledge links.
 * Kept apart from escalation-deps.ts (which loads the Scheduler client for the reactor and the
 * timer function) so these bundles stay small (BENCHMARKS.md: every function ≤ 400 KiB).
 */
import { config } from '#shared/config.ts';
import { ackKey } from '#shared/domain/paging/ack-link.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { DynamoEscalationStore } from '#shared/store/paging/dynamo-escalation-store.ts';
import { systemClock } from '#shared/use-cases/context.ts';
import type { AckLinkDeps } from '#shared/use-cases/paging/ack-link.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';
import { onCallDirectory } from '#shared/use-cases/paging/on-call-directory.ts';
import type { PolicyDeps } from '#shared/use-cases/paging/policies.ts';

export const escalations = new DynamoEscalationStore();
export const directory = onCallDirectory(pagingDeps);
export const policyDeps: PolicyDeps = { escalations, directory, now: systemClock };

let ackDeps: AckLinkDeps | undefined;
/** The acknowledge links' key, derived from ACK_LINK_SECRET (checked on first use, not at cold start of other routes). */
export function ackLinkDeps(): AckLinkDeps {
  if (!config.ACK_LINK_SECRET) throw new Error('ACK_LINK_SECRET is not set');
  ackDeps ??= { incidents: { store: new DynamoIncidentStore(), now: systemClock }, escalations, key: ackKey(config.ACK_LINK_SECRET) };
  return ackDeps;
}
