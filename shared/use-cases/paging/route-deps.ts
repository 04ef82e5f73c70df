/**
 * The production wiring of the paging routes (request handlers): policies, acknowledge links,
 * escalate-now and snooze. None of them arms a timer (they write timer items in the incident's
 * transaction and the reactor arms them from the stream), so these bundles carry no Scheduler
 * client; escalation-deps.ts adds it for the reactor and the timer function (BENCHMARKS.md: every
 * function ≤ 400 KiB).
 */
import { config } from '#shared/config.ts';
import { ackKey } from '#shared/domain/paging/ack-link.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { DynamoEscalationStore } from '#shared/store/paging/dynamo-escalation-store.ts';
import { systemClock } from '#shared/use-cases/context.ts';
import type { AckLinkDeps } from '#shared/use-cases/paging/ack-link.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';
import type { StepDeps } from '#shared/use-cases/paging/escalation-context.ts';
import { onCallDirectory } from '#shared/use-cases/paging/on-call-directory.ts';
import type { PolicyDeps } from '#shared/use-cases/paging/policies.ts';

const incidents = new DynamoIncidentStore();
const escalations = new DynamoEscalationStore();
const directory = onCallDirectory(pagingDeps);

export const policyDeps: PolicyDeps = { escalations, directory, now: systemClock };

/** `speed` is 1 outside local mode whatever the environment says. */
const escalationSpeed = config.STAGE === 'local' ? config.LOCAL_SCHEDULER_SPEED : 1;

/** Escalate-now and snooze: a step run without the scheduler. */
export const stepDeps: StepDeps = { incidents, escalations, directory, now: systemClock, speed: escalationSpeed };

let ackDeps: AckLinkDeps | undefined;
/** The acknowledge links' key, derived from ACK_LINK_SECRET (checked on first use, not at cold start of other routes). */
export function ackLinkDeps(): AckLinkDeps {
  if (!config.ACK_LINK_SECRET) throw new Error('ACK_LINK_SECRET is not set');
  ackDeps ??= { incidents: { store: incidents, now: systemClock }, escalations, key: ackKey(config.ACK_LINK_SECRET) };
  return ackDeps;
}
