import { describe, expect, it } from 'vitest';
import { requestLine } from '#shared/local/gateway.ts';
import { deliveryLine, localLogEnabled } from '#shared/local/console-log.ts';
import type { DeliveryAttempt } from '#shared/store/notifications/notification-store.ts';

const attempt: DeliveryAttempt = {
  id: 'A', incident_id: 'INC-20261124-0001', event_id: 'E', event_type: 'io.incidents.incident.created', recipient_id: 'sub_1', channel: 'webhook',
  target: 'https://hooks.example.com/…', attempt: 2, outcome: 'failed', detail: 'receiver answered 500', status: 500, duration_ms: 12, at: '2026-11-24T10:00:04.000Z',
};

describe('what local mode prints', () => {
  it('one line per request: time, method, path, status, milliseconds', () => {
    expect(requestLine(new Date('2026-11-24T10:00:01.000Z'), 'GET', '/v1/incidents', 200, 12.4)).toBe('10:00:01 GET /v1/incidents 200 12 ms');
  });

  it('one line per failed delivery, none for a delivered one', () => {
    expect(deliveryLine(attempt)).toBe('10:00:04 delivery failed: webhook https://hooks.example.com/… io.incidents.incident.created INC-20261124-0001 attempt 2: HTTP 500 receiver answered 500 (will retry)');
    expect(deliveryLine({ ...attempt, outcome: 'dead_lettered', status: null, detail: 'timed out' })).toMatch(/attempt 2: timed out \(dead-lettered\)$/);
    expect(deliveryLine({ ...attempt, outcome: 'delivered' })).toBeUndefined();
  });

  it('is quiet in tests (errors-only log level or LOCAL_REQUEST_LOG=0), on otherwise', () => {
    expect(localLogEnabled({})).toBe(true);
    expect(localLogEnabled({ POWERTOOLS_LOG_LEVEL: 'WARN' })).toBe(true);
    expect(localLogEnabled({ POWERTOOLS_LOG_LEVEL: 'ERROR' })).toBe(false);
    expect(localLogEnabled({ LOCAL_REQUEST_LOG: '0' })).toBe(false);
    expect(localLogEnabled({ POWERTOOLS_LOG_LEVEL: 'ERROR', LOCAL_REQUEST_LOG: '1' })).toBe(true);
  });
});
