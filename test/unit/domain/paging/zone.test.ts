import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, isValidTimeZone, zoneOffset } from '#shared/domain/paging/zone.ts';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'Africa/Casablanca', 'UTC', 'Etc/GMT+5'];

describe('time zones from the runtime tz database', () => {
  it('give the same offsets as Luxon (the reference) across zones and years, DST days included', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.parse('1990-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }), (zone, instant) => {
        expect(zoneOffset(zone, instant)).toBe(IANAZone.create(zone).offset(instant));
      }),
      { numRuns: 500 },
    );
    // around the 2026 changes, minute by minute
    for (const [zone, at] of [['Europe/Berlin', '2026-03-29T01:00:00Z'], ['Europe/Berlin', '2026-10-25T01:00:00Z'], ['America/New_York', '2026-03-08T07:00:00Z'], ['America/New_York', '2026-11-01T06:00:00Z']] as const) {
      for (let m = -90; m <= 90; m += 7) {
        const t = Date.parse(at) + m * 60_000 + 123;
        expect(zoneOffset(zone, t), `${zone} ${new Date(t).toISOString()}`).toBe(IANAZone.create(zone).offset(t));
      }
    }
  });

  it('knows which zone names exist, and their canonical spelling', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Europe/Atlantis')).toBe(false);
    expect(isValidTimeZone('+01:00')).toBe(false); // an offset, not a zone: it has no DST rules
    expect(isValidTimeZone('Etc/GMT+5')).toBe(true);
    expect(isValidTimeZone('')).toBe(false);
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
  });
});
