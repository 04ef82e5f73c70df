/**
 * IANA time zones through the runtime's own tz database (ICU, via `Intl.DateTimeFormat`): the UTC
 * offset of a zone at an instant, and whether a zone name exists. This is what Luxon's `IANAZone`
 * does internally, in a few lines: Luxon itself cannot be tree-shaken (its zone class reaches the
 * whole library through its settings and locale modules, 70 KiB minified), which would put the
 * create-incident and calendar handlers over the 400 KiB bundle budget. Luxon stays the reference:
 * a unit test checks these offsets against `IANAZone.offset` across zones and years.
 * No offset is ever written by hand. Pure: no AWS imports.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, f);
  }
  return f;
}

/** IANA names only: `Area/Location`, `UTC`, `Etc/GMT+5`; not bare offsets such as `+01:00`. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** True for a zone name the runtime's tz database knows (`Europe/Berlin`, `UTC`, `Etc/GMT+5`). */
export function isValidTimeZone(zone: string): boolean {
  if (zone.length > 64 || !ZONE_NAME.test(zone)) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's canonical spelling (`europe/berlin` → `Europe/Berlin`). */
export const canonicalTimeZone = (zone: string): string => formatter(zone).resolvedOptions().timeZone;

/** Minutes to add to UTC to get the zone's local time at `instant` (epoch ms): +60 for Berlin in winter. */
export function zoneOffset(zone: string, instant: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(instant))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  const local = Date.UTC(year, month - 1, day, hour === 24 ? 0 : hour, minute, second);
  const whole = instant - (((instant % 1000) + 1000) % 1000);
  return (local - whole) / 60_000;
}
