/**
 * What local mode prints while it runs: one line per request (shared/local/gateway.ts) and one per
 * failed delivery (shared/local/event-pipeline.ts), so a person trying it sees what happens.
 * Quiet with LOCAL_REQUEST_LOG=0, or when POWERTOOLS_LOG_LEVEL asks for errors only (the
 * end-to-end tests); LOCAL_REQUEST_LOG=1 turns it on regardless.
 */
import type { DeliveryAttempt } from '#shared/store/notifications/notification-store.ts';

export function localLogEnabled(env: Record<string, string | undefined> = process.env): boolean {
  if (env.LOCAL_REQUEST_LOG !== undefined) return env.LOCAL_REQUEST_LOG !== '0';
  return !['ERROR', 'CRITICAL', 'SILENT'].includes((env.POWERTOOLS_LOG_LEVEL ?? '').toUpperCase());
}

/** `22:30:04 delivery failed: webhook https://hooks.example.com/… incident.created INC-20261124-0001 attempt 2: HTTP 500 (dead-lettered)`. */
export function deliveryLine(attempt: DeliveryAttempt): string | undefined {
  if (attempt.outcome === 'delivered') return undefined;
  const status = attempt.status === null ? '' : `HTTP ${attempt.status} `;
  const outcome = { failed: ' (will retry)', dead_lettered: ' (dead-lettered)', skipped: ' (refused target, not retried)' }[attempt.outcome];
  return `${attempt.at.slice(11, 19)} delivery failed: ${attempt.channel} ${attempt.target} ${attempt.event_type} ${attempt.incident_id} attempt ${attempt.attempt}: ${status}${attempt.detail}${outcome}`;
}
