import { describe, expect, it } from 'vitest';
import { monthlyAvailability, windowStart } from '#shared/domain/components/availability.ts';

const now = new Date('2026-11-15T00:00:00.000Z');
const outage = (id: string, start: string, end: string, impact = 3) => ({ incident_id: id, impact, start_time: start, resolved_at: end });

describe('monthly availability', () => {
  it('covers the last 6 calendar months, the current one until now', () => {
    const months = monthlyAvailability([], now);
    expect(months.map((m) => m.month)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(months.every((m) => m.availability === 100)).toBe(true);
    expect(months.at(-1)?.period_seconds).toBe(14 * 86_400);
    expect(windowStart(now, 6).toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });

  it('counts the union of overlapping outages once and splits an outage across months', () => {
    const months = monthlyAvailability(
      [
        outage('A', '2026-10-10T00:00:00Z', '2026-10-10T02:00:00Z'),
        outage('B', '2026-10-10T01:00:00Z', '2026-10-10T03:00:00Z'),
        outage('C', '2026-09-30T23:00:00Z', '2026-10-01T01:00:00Z'),
        outage('minor', '2026-10-20T00:00:00Z', '2026-10-21T00:00:00Z', 1),
      ],
      now,
    );
    const october = months.find((m) => m.month === '2026-10');
    const september = months.find((m) => m.month === '2026-09');
    expect(october?.outage_seconds).toBe(3 * 3600 + 3600);
    expect(october?.incidents).toEqual(['C', 'A', 'B']);
    expect(october?.availability).toBeCloseTo(100 * (1 - 4 / (31 * 24)), 3);
    expect(september?.outage_seconds).toBe(3600);
  });

  it('starts with the component: months before it existed have no availability', () => {
    const months = monthlyAvailability([], now, { since: '2026-10-16T00:00:00Z' });
    expect(months.slice(0, 4).every((m) => m.availability === null && m.period_seconds === 0)).toBe(true);
    expect(months[4]?.period_seconds).toBe(16 * 86_400);
  });
});
