/**
 * Create an incident in two DynamoDB round trips: the day's sequence number (the id), then one
 * transaction with the incident, its timeline entry, the summary aggregate and, with an
 * Idempotency-Key, the idempotency record. The same key with the same body replays the first
 * answer; with another body it is refused.
 */
import { createHash } from 'node:crypto';
import { IdempotencyMismatchError } from '#shared/domain/errors.ts';
import { dayKey, incidentId } from '#shared/domain/ids.ts';
import { newIncident, onCallAssignment, type Actor, type Incident, type NewIncidentInput, type TimelineEntry } from '#shared/domain/incidents/incident.ts';
import { IdempotencyKeyUsed } from '#shared/store/incidents/incident-store.ts';
import { logger, recordIncidentMetrics } from '#shared/observability.ts';
import type { TransactItem } from '#shared/store/transact.ts';
import type { Deps } from '#shared/use-cases/context.ts';

export interface CreateResult {
  readonly incident: Incident;
  /** True when this answers a repeated Idempotency-Key. */
  readonly replayed: boolean;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The team's current on-call person, for an incident created with an `assigned_team` and no
 * assignee. Read in parallel with the day sequence, so it adds no round trip of its own on the way
 * to the transaction; a lookup that fails leaves the incident unassigned rather than failing it.
 */
async function onCallFor(deps: Deps, input: NewIncidentInput, at: string) {
  if (!deps.onCall || !input.assigned_team || input.assignee) return undefined;
  try {
    return await deps.onCall(input.assigned_team, at);
  } catch (error) {
    logger.warn('on-call lookup failed; the incident is created unassigned', { team: input.assigned_team, error: error as Error });
    return undefined;
  }
}

/** `extra`: writes of another capability that commit in the create's transaction, given the new incident (integrations: the alert that opened it, linked). */
export async function createIncident(deps: Deps, input: NewIncidentInput, actor: Actor, idempotencyKey?: string, options: { system?: boolean; extra?: (incident: Incident) => readonly TransactItem[] } = {}): Promise<CreateResult> {
  const now = deps.now();
  const day = dayKey(now);
  const [sequence, onCall] = await Promise.all([deps.store.nextSequence(day), onCallFor(deps, input, now.toISOString())]);
  const created = newIncident(incidentId(day, sequence), onCall ? { ...input, assignee: onCall.user } : input, actor, now.toISOString(), options);
  const { incident } = created;
  const entry: TimelineEntry = created.entry;
  const more = onCall ? [onCallAssignment(incident, onCall.user, onCall.teamName, now.toISOString())] : [];
  const extra = options.extra?.(incident) ?? [];
  if (idempotencyKey === undefined) {
    await deps.store.create(incident, entry, undefined, more, extra);
    recordIncidentMetrics(undefined, incident);
    return { incident, replayed: false };
  }
  const requestHash = createHash('sha256').update(canonical(input)).digest('hex');
  try {
    await deps.store.create(incident, entry, { caller: actor.id, key: idempotencyKey, request_hash: requestHash, status: 201, body: incident }, more, extra);
    recordIncidentMetrics(undefined, incident);
    return { incident, replayed: false };
  } catch (error) {
    if (!(error instanceof IdempotencyKeyUsed)) throw error;
    if (error.record.request_hash !== requestHash) {
      throw new IdempotencyMismatchError(`Idempotency-Key '${idempotencyKey}' was already used with a different request body; use a new key for a new incident.`);
    }
    return { incident: error.record.body as Incident, replayed: true };
  }
}
