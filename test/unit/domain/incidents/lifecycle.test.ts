import { describe, expect, it } from 'vitest';
import { ConflictError } from '#shared/domain/errors.ts';
import { allowedNext, STATUSES, transition, type LifecycleTimes, type Status } from '#shared/domain/incidents/lifecycle.ts';

const base: LifecycleTimes = {
  status: 'open',
  created_at: '2026-11-24T10:00:00.000Z',
  start_time: '2026-11-24T09:30:00.000Z',
  acknowledged_at: null,
  resolved_at: null,
  closed_at: null,
  mtta_seconds: null,
  mttr_seconds: null,
  snoozed_until: null,
};

describe('lifecycle', () => {
  it('allows every forward move and the reopen, nothing else', () => {
    const legal: Record<Status, Status[]> = {
      open: ['acknowledged', 'investigating', 'identified', 'monitoring', 'resolved', 'closed'],
      acknowledged: ['investigating', 'identified', 'monitoring', 'resolved', 'closed'],
      investigating: ['identified', 'monitoring', 'resolved', 'closed'],
      identified: ['monitoring', 'resolved', 'closed'],
      monitoring: ['resolved', 'closed'],
      resolved: ['investigating', 'closed'],
      closed: [],
    };
    for (const from of STATUSES) expect(allowedNext(from), from).toEqual(legal[from]);
  });

  it('throws a ConflictError naming the allowed states', () => {
    const attempt = () => transition({ ...base, status: 'monitoring' }, 'acknowledged', '2026-11-24T10:05:00.000Z');
    expect(attempt).toThrow(ConflictError);
    expect(attempt).toThrow(/allowed next statuses: resolved, closed/);
    try {
      attempt();
    } catch (error) {
      expect((error as ConflictError).details).toEqual({ current_status: 'monitoring', allowed_next: ['resolved', 'closed'] });
    }
  });

  it('computes MTTA from creation on the first move to an active state', () => {
    expect(transition(base, 'acknowledged', '2026-11-24T10:02:30.000Z')).toEqual({ status: 'acknowledged', acknowledged_at: '2026-11-24T10:02:30.000Z', mtta_seconds: 150 });
    expect(transition(base, 'investigating', '2026-11-24T10:01:00.000Z')).toMatchObject({ mtta_seconds: 60 });
    const acked = { ...base, status: 'acknowledged' as const, acknowledged_at: '2026-11-24T10:01:00.000Z', mtta_seconds: 60 };
    expect(transition(acked, 'investigating', '2026-11-24T10:09:00.000Z')).toEqual({ status: 'investigating' });
  });

  it('computes MTTR from the start of impact, also on a skip straight to resolved', () => {
    expect(transition(base, 'resolved', '2026-11-24T11:30:00.000Z')).toEqual({ status: 'resolved', resolved_at: '2026-11-24T11:30:00.000Z', mttr_seconds: 7200 });
  });

  it('resolves on a skip to closed, and does not touch an existing resolution', () => {
    expect(transition(base, 'closed', '2026-11-24T10:30:00.000Z')).toMatchObject({ resolved_at: '2026-11-24T10:30:00.000Z', mttr_seconds: 3600, closed_at: '2026-11-24T10:30:00.000Z' });
    const resolved = { ...base, status: 'resolved' as const, resolved_at: '2026-11-24T10:10:00.000Z', mttr_seconds: 2400 };
    // reviews (issue 13): closing records the review as done in the same change.
    expect(transition(resolved, 'closed', '2026-11-25T09:00:00.000Z')).toEqual({ status: 'closed', closed_at: '2026-11-25T09:00:00.000Z', review_completed_at: '2026-11-25T09:00:00.000Z' });
  });

  it('clears the resolution on reopen', () => {
    const resolved = { ...base, status: 'resolved' as const, resolved_at: '2026-11-24T10:10:00.000Z', mttr_seconds: 2400, acknowledged_at: '2026-11-24T10:01:00.000Z' };
    expect(transition(resolved, 'investigating', '2026-11-24T10:20:00.000Z')).toEqual({ status: 'investigating', resolved_at: null, mttr_seconds: null });
  });

  it('ends a snooze when the incident leaves open', () => {
    expect(transition({ ...base, snoozed_until: '2026-11-24T12:00:00.000Z' }, 'acknowledged', '2026-11-24T10:01:00.000Z')).toMatchObject({ snoozed_until: null });
  });
});
