import { describe, expect, it } from 'vitest';
import { dailyAvailability, dayWindowStart } from '#shared/domain/components/availability.ts';

const outage = (id: string, start: string, end: string, impact = 3) => ({ incident_id: id, impact, start_time: start, resolved_at: end });
const now = new Date('2026-11-24T12:00:00.000Z');

describe('dailyAvailability (the 90-day uptime bar)', () => {
  it('gives one figure per UTC day, oldest first, today last and until now', () => {
    const days = dailyAvailability([], now, { days: 90 });
    expect(days).toHaveLength(90);
    expect(days[0]?.day).toBe('2026-08-27');
    expect(days[89]).toEqual({ day: '2026-11-24', period_seconds: 12 * 3600, outage_seconds: 0, availability: 100, incidents: [] });
    expect(dayWindowStart(now, 90).toISOString()).toBe('2026-08-27T00:00:00.000Z');
  });

  it('splits an outage across midnight and counts overlapping outages once', () => {
    const days = dailyAvailability(
      [outage('INC-A', '2026-11-22T23:00:00Z', '2026-11-23T01:00:00Z'), outage('INC-B', '2026-11-23T00:30:00Z', '2026-11-23T02:00:00Z')],
      now,
      { days: 3 },
    );
    expect(days.map((d) => d.day)).toEqual(['2026-11-22', '2026-11-23', '2026-11-24']);
    expect(days[0]).toMatchObject({ outage_seconds: 3600, incidents: ['INC-A'] });
    expect(days[0]?.availability).toBeCloseTo(100 * (1 - 1 / 24), 3);
    // 00:00–02:00: union of A (to 01:00) and B (00:30–02:00)
    expect(days[1]).toMatchObject({ outage_seconds: 7200, incidents: ['INC-A', 'INC-B'] });
    expect(days[2]).toMatchObject({ outage_seconds: 0, availability: 100 });
  });

  it('ignores degradation (impact < 3) and clips an open outage at now', () => {
    const days = dailyAvailability([outage('INC-M', '2026-11-24T00:00:00Z', '2026-11-24T06:00:00Z', 2), outage('INC-O', '2026-11-24T06:00:00Z', '2099-01-01T00:00:00Z')], now, { days: 1 });
    expect(days[0]).toMatchObject({ period_seconds: 43_200, outage_seconds: 21_600, availability: 50, incidents: ['INC-O'] });
  });

  it('a long outage that started before a short one still counts on later days', () => {
    const days = dailyAvailability([outage('INC-L', '2026-11-20T00:00:00Z', '2026-11-24T00:00:00Z'), outage('INC-S', '2026-11-20T01:00:00Z', '2026-11-20T02:00:00Z')], now, { days: 5 });
    expect(days.map((d) => d.availability)).toEqual([0, 0, 0, 0, 100]);
  });

  it('is null before the component existed and counts from its creation on its first day', () => {
    const days = dailyAvailability([], now, { days: 3, since: '2026-11-23T18:00:00Z' });
    expect(days[0]).toMatchObject({ availability: null, period_seconds: 0 });
    expect(days[1]).toMatchObject({ availability: 100, period_seconds: 6 * 3600 });
  });
});
