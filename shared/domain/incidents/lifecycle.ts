/**
 * The incident lifecycle:
 *
 *   open → acknowledged → investigating → identified → monitoring → resolved → closed
 *
 * Forward moves may skip states (open → resolved); `resolved → investigating` reopens; `closed`
 * (post-incident review done) is final. Anything else is a ConflictError naming the allowed states.
 * Timestamps and MTTA/MTTR follow the move: MTTA = acknowledged_at − created_at (first time the
 * incident leaves `open` for an active state), MTTR = resolved_at − start_time.
 */
import { ConflictError } from '#shared/domain/errors.ts';

export const STATUSES = ['open', 'acknowledged', 'investigating', 'identified', 'monitoring', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses in which someone is still working the incident. */
export const ACTIVE_STATUSES: readonly Status[] = ['open', 'acknowledged', 'investigating', 'identified', 'monitoring'];
export const isActive = (status: Status): boolean => ACTIVE_STATUSES.includes(status);

const REOPEN_TARGET: Status = 'investigating';

export function allowedNext(from: Status): Status[] {
  if (from === 'closed') return [];
  if (from === 'resolved') return [REOPEN_TARGET, 'closed'];
  return STATUSES.slice(STATUSES.indexOf(from) + 1);
}

export interface LifecycleTimes {
  readonly status: Status;
  readonly created_at: string;
  readonly start_time: string;
  readonly acknowledged_at: string | null;
  readonly resolved_at: string | null;
  readonly closed_at: string | null;
  readonly mtta_seconds: number | null;
  readonly mttr_seconds: number | null;
  readonly snoozed_until: string | null;
  /** reviews (issue 13): when the post-incident review was recorded as done (the move to `closed`). */
  readonly review_completed_at?: string | null;
}

const seconds = (from: string, to: string): number => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/** The fields that change when `incident` moves to `to` at `at`; throws on an illegal move. */
export function transition(incident: LifecycleTimes, to: Status, at: string): Partial<LifecycleTimes> {
  const allowed = allowedNext(incident.status);
  if (!allowed.includes(to)) {
    const detail = allowed.length ? `allowed next statuses: ${allowed.join(', ')}` : 'a closed incident cannot change status';
    throw new ConflictError(`Cannot move an incident from '${incident.status}' to '${to}'; ${detail}.`, { current_status: incident.status, allowed_next: allowed });
  }
  const changes: { -readonly [K in keyof LifecycleTimes]?: LifecycleTimes[K] } = { status: to };
  if (incident.snoozed_until !== null && to !== 'open') changes.snoozed_until = null;
  if (incident.acknowledged_at === null && isActive(to)) {
    changes.acknowledged_at = at;
    changes.mtta_seconds = seconds(incident.created_at, at);
  }
  if (incident.status === 'resolved' && to === REOPEN_TARGET) {
    changes.resolved_at = null;
    changes.mttr_seconds = null;
  }
  if ((to === 'resolved' || to === 'closed') && incident.resolved_at === null) {
    changes.resolved_at = at;
    changes.mttr_seconds = seconds(incident.start_time, at);
  }
  if (to === 'closed') {
    changes.closed_at = at;
    // reviews (issue 13): `closed` means the post-incident review is done; recorded in the same change.
    changes.review_completed_at = at;
  }
  return changes;
}
