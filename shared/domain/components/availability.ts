/**
 * Monthly availability of a component from its resolved outages. Pure: no AWS imports.
 *
 *   period(month)    = [max(month start, component created_at), min(month end, now)]
 *   downtime(month)  = length of the UNION of [start_time, resolved_at] of the component's outage
 *                      incidents (impact 3) clipped to the period (overlapping outages count once)
 *   availability     = 100 × (1 − downtime / period), in percent, 3 decimals; null for a month
 *                      the component did not exist in
 *
 * Incidents of lower impact (minor, major) are degradation, not downtime; they are not counted.
 */
export interface OutageInterval {
  readonly incident_id: string;
  readonly impact: number;
  readonly start_time: string;
  readonly resolved_at: string;
}

export interface MonthAvailability {
  month: string;
  period_seconds: number;
  outage_seconds: number;
  availability: number | null;
  incidents: string[];
}

export const AVAILABILITY_FORMULA =
  'availability = 100 × (1 − downtime / period); period = the month (until now for the current month, from the component creation for its first month); downtime = union of [start_time, resolved_at] of resolved impact-3 (outage) incidents naming the component, clipped to the period';

export const OUTAGE_IMPACT = 3;

const monthStart = (year: number, month: number) => Date.UTC(year, month, 1);

/** The first instant of the oldest of the last `months` calendar months (UTC), current one included. */
export function windowStart(now: Date, months: number): Date {
  return new Date(monthStart(now.getUTCFullYear(), now.getUTCMonth() - (months - 1)));
}

export function monthlyAvailability(outages: readonly OutageInterval[], now: Date, options: { months?: number; since?: string } = {}): MonthAvailability[] {
  const months = options.months ?? 6;
  const nowMs = now.getTime();
  const since = options.since ? Date.parse(options.since) : Number.NEGATIVE_INFINITY;
  const intervals = outages
    .filter((o) => o.impact >= OUTAGE_IMPACT)
    .map((o) => ({ id: o.incident_id, from: Date.parse(o.start_time), to: Math.min(Date.parse(o.resolved_at), nowMs) }))
    .filter((i) => i.to > i.from)
    .sort((a, b) => a.from - b.from);

  const out: MonthAvailability[] = [];
  for (let k = months - 1; k >= 0; k--) {
    const start = monthStart(now.getUTCFullYear(), now.getUTCMonth() - k);
    const end = monthStart(now.getUTCFullYear(), now.getUTCMonth() - k + 1);
    const from = Math.max(start, since);
    const to = Math.min(end, nowMs);
    const label = new Date(start).toISOString().slice(0, 7);
    if (to <= from) {
      out.push({ month: label, period_seconds: 0, outage_seconds: 0, availability: null, incidents: [] });
      continue;
    }
    let down = 0;
    let cursor = from;
    const ids: string[] = [];
    for (const i of intervals) {
      const a = Math.max(i.from, cursor);
      const b = Math.min(i.to, to);
      if (i.to > from && i.from < to) ids.push(i.id);
      if (b > a) {
        down += b - a;
        cursor = b;
      }
    }
    const period = to - from;
    out.push({
      month: label,
      period_seconds: Math.round(period / 1000),
      outage_seconds: Math.round(down / 1000),
      availability: Math.round((1 - down / period) * 100_000) / 1000,
      incidents: [...new Set(ids)],
    });
  }
  return out;
}

// ---- Daily availability (status: the 90-day uptime bar) ----

export interface DayAvailability {
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  period_seconds: number;
  outage_seconds: number;
  /** Percent, 3 decimals; null for a day the component did not exist in (or in the future). */
  availability: number | null;
  incidents: string[];
}

export const DAILY_AVAILABILITY_FORMULA =
  'availability(day) = 100 × (1 − downtime / period); period = the UTC day (until now for today, from the component creation for its first day); downtime = union of [start_time, resolved_at] of impact-3 (outage) incidents naming the component, clipped to the day; an outage still open counts until now';

const DAY_MS = 86_400_000;

/** The first instant (UTC midnight) of the oldest of the last `days` days, today included. */
export function dayWindowStart(now: Date, days: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
}

/**
 * One figure per UTC day over the last `days` days (oldest first, today last), from the same
 * outage intervals as the monthly figures. Outages still open may be passed with
 * `resolved_at` = now. O(days × outages): a few hundred outages over 90 days is microseconds.
 */
export function dailyAvailability(outages: readonly OutageInterval[], now: Date, options: { days?: number; since?: string } = {}): DayAvailability[] {
  const days = options.days ?? 90;
  const nowMs = now.getTime();
  const since = options.since ? Date.parse(options.since) : Number.NEGATIVE_INFINITY;
  const intervals = outages
    .filter((o) => o.impact >= OUTAGE_IMPACT)
    .map((o) => ({ id: o.incident_id, from: Date.parse(o.start_time), to: Math.min(Date.parse(o.resolved_at), nowMs) }))
    .filter((i) => i.to > i.from)
    .sort((a, b) => a.from - b.from);
  const first = dayWindowStart(now, days).getTime();
  const out: DayAvailability[] = [];
  for (let d = 0; d < days; d++) {
    const dayStart = first + d * DAY_MS;
    const from = Math.max(dayStart, since);
    const to = Math.min(dayStart + DAY_MS, nowMs);
    const label = new Date(dayStart).toISOString().slice(0, 10);
    if (to <= from) {
      out.push({ day: label, period_seconds: 0, outage_seconds: 0, availability: null, incidents: [] });
      continue;
    }
    let down = 0;
    let cursor = from;
    const ids = new Set<string>();
    for (const i of intervals) {
      if (i.from >= to) break; // sorted by start: no later interval reaches this day
      if (i.to <= from) continue;
      ids.add(i.id);
      const a = Math.max(i.from, cursor);
      const b = Math.min(i.to, to);
      if (b > a) {
        down += b - a;
        cursor = b;
      }
    }
    const period = to - from;
    out.push({
      day: label,
      period_seconds: Math.round(period / 1000),
      outage_seconds: Math.round(down / 1000),
      availability: Math.round((1 - down / period) * 100_000) / 1000,
      incidents: [...ids],
    });
  }
  return out;
}
