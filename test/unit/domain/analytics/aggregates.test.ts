import { describe, expect, it } from 'vitest';
import { analyticsDeltas, bucketIndex, measureStats, MTTA_BUCKETS, quantileFromBuckets } from '#shared/domain/analytics/aggregates.ts';
import { changeStatus, newIncident, type Actor } from '#shared/domain/incidents/incident.ts';

const actor: Actor = { id: 'u', name: 'u', kind: 'user' };

describe('analytics aggregates (pure)', () => {
  it('puts a value on a bound into that bucket and past the last bound into +Inf', () => {
    expect(bucketIndex(MTTA_BUCKETS, 30)).toBe(0);
    expect(bucketIndex(MTTA_BUCKETS, 31)).toBe(1);
    expect(bucketIndex(MTTA_BUCKETS, 3601)).toBe(7);
  });

  it('estimates quantiles like histogram_quantile and names the min/max buckets', () => {
    // 10 samples in (30, 60], 10 in (60, 120]: the median is the top of the first bucket.
    const counts = [0, 10, 10, 0, 0, 0, 0, 0];
    expect(quantileFromBuckets(MTTA_BUCKETS, counts, 0.5)).toBe(60);
    expect(quantileFromBuckets(MTTA_BUCKETS, counts, 0.9)).toBe(60 + 60 * 0.8);
    expect(quantileFromBuckets(MTTA_BUCKETS, [0, 0, 0, 0, 0, 0, 0, 3], 0.5)).toBe(3600);
    expect(quantileFromBuckets(MTTA_BUCKETS, [0, 0, 0, 0, 0, 0, 0, 0], 0.5)).toBeNull();
    expect(measureStats('mtta', 1500, counts)).toMatchObject({ count: 20, mean_seconds: 75, min_bucket: { gt: 30, le: 60 }, max_bucket: { gt: 60, le: 120 } });
  });

  it('a reopen takes the resolve back, and a change of nothing counted changes nothing', () => {
    const { incident } = newIncident('INC-20260101-0001', { title: 't', severity: 'high', start_time: '2026-01-01T00:00:00Z' }, actor, '2026-01-01T00:00:00Z');
    const resolved = changeStatus(incident, 'resolved', actor, '2026-01-01T01:00:00Z', null).incident;
    const reopened = changeStatus(resolved, 'investigating', actor, '2026-01-02T00:00:00Z', null).incident;
    const back = analyticsDeltas(resolved, reopened).get('severity|high|2026-01-01');
    expect(Object.fromEntries(back?.values ?? [])).toEqual({ resolved: -1, mttr_sum: -3600, mttr_b3: -1 });
    expect(analyticsDeltas(incident, { ...incident, title: 'renamed' }).size).toBe(0);
  });
});
