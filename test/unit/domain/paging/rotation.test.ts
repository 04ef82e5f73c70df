import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '#shared/domain/errors.ts';
import { handoff, instantOf, onCallAt, parseLocal, rotationOnCallAt, shiftIndexAt, shiftsBetween } from '#shared/domain/paging/rotation.ts';
import { newOverride, newSchedule, type RotationInput, type Schedule, type ScheduleInput } from '#shared/domain/paging/schedule.ts';

const now = '2026-01-01T00:00:00.000Z';
const build = (input: Partial<ScheduleInput> & { rotations: RotationInput[] }): Schedule => newSchedule('SCH-01JD0000000000000000000001', { name: 'primary', ...input }, 'admin', now);
const daily = (zone: string, start: string, participants = ['alice', 'bob', 'carol']): RotationInput => ({ participants, shift_type: 'daily', start, time_zone: zone });
const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const over = (input: { add_user?: string; remove_user?: string; start: string; end: string }) => newOverride(input, 'admin', now);

describe('hand-offs are wall-clock times in the zone (RFC 5545 rule for gaps and repeats)', () => {
  // Both change days of 2026 in each zone: the 09:00 hand-off stays at 09:00 local, so the shift
  // across the change is 23 h (spring) or 25 h (autumn).
  const cases = [
    { zone: 'Europe/Berlin', day: '2026-03-29', before: '2026-03-28T08:00:00.000Z', after: '2026-03-29T07:00:00.000Z', hours: 23 },
    { zone: 'Europe/Berlin', day: '2026-10-25', before: '2026-10-24T07:00:00.000Z', after: '2026-10-25T08:00:00.000Z', hours: 25 },
    { zone: 'America/New_York', day: '2026-03-08', before: '2026-03-07T14:00:00.000Z', after: '2026-03-08T13:00:00.000Z', hours: 23 },
    { zone: 'America/New_York', day: '2026-11-01', before: '2026-10-31T13:00:00.000Z', after: '2026-11-01T14:00:00.000Z', hours: 25 },
  ];
  for (const c of cases) {
    it(`${c.zone} ${c.day}: daily 09:00 hand-off stays at 09:00 local`, () => {
      const schedule = build({ rotations: [daily(c.zone, '2026-01-01T09:00')] });
      const rotation = schedule.rotations[0]!;
      const k = shiftIndexAt(rotation, t(c.after));
      expect(iso(handoff(rotation, k))).toBe(c.after);
      expect(iso(handoff(rotation, k - 1))).toBe(c.before);
      expect((handoff(rotation, k) - handoff(rotation, k - 1)) / 3_600_000).toBe(c.hours);
      // one millisecond before the hand-off the previous person is on call, at it the next one
      const before = rotationOnCallAt(rotation, t(c.after) - 1);
      const at = rotationOnCallAt(rotation, t(c.after));
      expect(before).not.toBe(at);
      expect(at).toBe(['alice', 'bob', 'carol'][k % 3]);
      const [shift] = shiftsBetween(schedule, t(c.before), t(c.after));
      expect(shift).toEqual({ user_id: before, start: c.before, end: c.after });
    });
  }

  it('a hand-off in the skipped hour moves forward by the gap; in the repeated hour it means the first occurrence', () => {
    const berlin = 'Europe/Berlin';
    expect(iso(instantOf(parseLocal('2026-03-29T02:30:00'), berlin))).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(iso(instantOf(parseLocal('2026-10-25T02:30:00'), berlin))).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST, not CET
    const ny = 'America/New_York';
    expect(iso(instantOf(parseLocal('2026-03-08T02:30:00'), ny))).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(iso(instantOf(parseLocal('2026-11-01T01:30:00'), ny))).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT, not EST

    const rotation = build({ rotations: [daily('Europe/Berlin', '2026-03-20T02:30')] }).rotations[0]!;
    const k = shiftIndexAt(rotation, t('2026-03-29T12:00:00Z'));
    expect(iso(handoff(rotation, k))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(handoff(rotation, k + 1))).toBe('2026-03-30T00:30:00.000Z'); // 02:30 CEST the next day
  });

  it('an hourly rotation skips the turn of the hour that does not exist, and the repeated hour is one 2-hour shift', () => {
    const schedule = build({ rotations: [{ participants: ['a', 'b', 'c', 'd'], shift_type: 'hourly', start: '2026-03-29T00:00', time_zone: 'Europe/Berlin' }] });
    const shifts = shiftsBetween(schedule, t('2026-03-28T23:00:00Z'), t('2026-03-29T03:00:00Z'));
    // local 00:00 a, 01:00 b, 02:00 c (does not exist), 03:00 d, 04:00 a
    expect(shifts).toEqual([
      { user_id: 'a', start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T00:00:00.000Z' },
      { user_id: 'b', start: '2026-03-29T00:00:00.000Z', end: '2026-03-29T01:00:00.000Z' },
      { user_id: 'd', start: '2026-03-29T01:00:00.000Z', end: '2026-03-29T02:00:00.000Z' },
      { user_id: 'a', start: '2026-03-29T02:00:00.000Z', end: '2026-03-29T03:00:00.000Z' },
    ]);
    expect(onCallAt(schedule, t('2026-03-29T01:00:00Z'))).toEqual(['d']);

    const autumn = build({ rotations: [{ participants: ['a', 'b', 'c'], shift_type: 'hourly', start: '2026-10-25T01:00', time_zone: 'Europe/Berlin' }] });
    // local 01:00 a (23:00Z), 02:00 b twice (00:00Z–02:00Z), 03:00 c (02:00Z)
    expect(onCallAt(autumn, t('2026-10-25T00:30:00Z'))).toEqual(['b']);
    expect(onCallAt(autumn, t('2026-10-25T01:30:00Z'))).toEqual(['b']);
    expect(onCallAt(autumn, t('2026-10-25T02:00:00Z'))).toEqual(['c']);
  });

  it('weekly shifts keep their weekday and time across DST; N-hour shifts count wall-clock hours', () => {
    const weekly = build({ rotations: [{ participants: ['a', 'b'], shift_type: 'weekly', start: '2026-03-23T10:00', time_zone: 'America/New_York' }] }).rotations[0]!;
    expect(iso(handoff(weekly, 0))).toBe('2026-03-23T14:00:00.000Z');
    const twelve = build({ rotations: [{ participants: ['a', 'b'], shift_type: 'hourly', shift_length: 12, start: '2026-03-01T08:00', time_zone: 'America/New_York' }] }).rotations[0]!;
    const k = shiftIndexAt(twelve, t('2026-03-09T00:00:00Z'));
    // 20:00 and 08:00 local on both sides of 2026-03-08 02:00 (EST → EDT)
    expect(iso(handoff(twelve, k))).toBe('2026-03-09T00:00:00.000Z'); // 20:00 EDT
    expect(iso(handoff(twelve, k - 1))).toBe('2026-03-08T12:00:00.000Z'); // 08:00 EDT
    expect(iso(handoff(twelve, k - 2))).toBe('2026-03-08T01:00:00.000Z'); // 20:00 EST: an 11-hour night
  });
});

/** The reference the jump must agree with: walk hand-off by hand-off from the start. */
function walk(schedule: Schedule, instant: number): string | undefined {
  const rotation = schedule.rotations[0]!;
  if (instant < handoff(rotation, 0)) return undefined;
  let k = 0;
  while (handoff(rotation, k + 1) <= instant) k++;
  return rotation.participants[k % rotation.participants.length];
}

describe('the shift index is a jump, never a walk', () => {
  it('agrees with walking from the start for rotations of any age, in any zone and shift type', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom('hourly' as const, 'daily' as const, 'weekly' as const),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 120 * 86_400 }),
        fc.integer({ min: 1, max: 4 }),
        (zone, type, length, offsetSeconds, people) => {
          const participants = ['a', 'b', 'c', 'd'].slice(0, people);
          const schedule = build({ rotations: [{ participants, shift_type: type, shift_length: length, start: '2025-10-20T01:30', time_zone: zone }] });
          const at = t('2025-10-19T00:00:00Z') + offsetSeconds * 1000;
          expect(onCallAt(schedule, at)).toEqual(walk(schedule, at) === undefined ? [] : [walk(schedule, at)]);
        },
      ),
      { numRuns: 60 },
    );
  }, 30_000);

  it('a rotation that started five years ago and hands off hourly answers without walking', () => {
    const schedule = build({ rotations: [{ participants: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], shift_type: 'hourly', start: '2021-06-01T00:00', time_zone: 'Europe/Berlin' }] });
    const rotation = schedule.rotations[0]!;
    const at = t('2026-06-01T12:34:00Z');
    const k = shiftIndexAt(rotation, at);
    expect(handoff(rotation, k) <= at && at < handoff(rotation, k + 1)).toBe(true);
    // five years of hourly wall-clock shifts (two DST changes a year cancel out): 14:34 local → index 14 of day 1826
    expect(k).toBe(1826 * 24 + 14);
    expect(onCallAt(schedule, at)).toEqual([rotation.participants[k % 7]]);
  });

  it('nobody is on call from a rotation before its first hand-off', () => {
    const schedule = build({ rotations: [daily('UTC', '2026-05-01T09:00')] });
    expect(onCallAt(schedule, t('2026-05-01T08:59:59Z'))).toEqual([]);
    expect(onCallAt(schedule, t('2026-05-01T09:00:00Z'))).toEqual(['alice']);
    expect(shiftsBetween(schedule, t('2026-04-30T00:00:00Z'), t('2026-05-02T10:00:00Z'))).toEqual([
      { user_id: 'alice', start: '2026-05-01T09:00:00.000Z', end: '2026-05-02T09:00:00.000Z' },
      { user_id: 'bob', start: '2026-05-02T09:00:00.000Z', end: '2026-05-02T10:00:00.000Z' },
    ]);
  });
});

describe('restrictions', () => {
  it('business hours on weekdays only, in the rotation zone', () => {
    const schedule = build({
      rotations: [{ ...daily('Europe/Berlin', '2026-11-02T09:00', ['alice', 'bob']), restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }] }],
    });
    expect(onCallAt(schedule, t('2026-11-02T08:00:00Z'))).toEqual(['alice']); // Mon 09:00 CET
    expect(onCallAt(schedule, t('2026-11-02T16:00:00Z'))).toEqual([]); // Mon 17:00
    expect(onCallAt(schedule, t('2026-11-07T10:00:00Z'))).toEqual([]); // Saturday
    const shifts = shiftsBetween(schedule, t('2026-11-02T00:00:00Z'), t('2026-11-04T00:00:00Z'));
    expect(shifts).toEqual([
      { user_id: 'alice', start: '2026-11-02T08:00:00.000Z', end: '2026-11-02T16:00:00.000Z' },
      { user_id: 'bob', start: '2026-11-03T08:00:00.000Z', end: '2026-11-03T16:00:00.000Z' },
    ]);
  });

  it('a window that ends before it starts runs past midnight and belongs to the day it starts', () => {
    const schedule = build({ rotations: [{ ...daily('America/New_York', '2026-11-02T00:00', ['night']), restrictions: [{ days: ['fri'], start: '22:00', end: '06:00' }] }] });
    expect(onCallAt(schedule, t('2026-11-07T03:00:00Z'))).toEqual(['night']); // Fri 22:00 EST
    expect(onCallAt(schedule, t('2026-11-07T10:59:00Z'))).toEqual(['night']); // Sat 05:59
    expect(onCallAt(schedule, t('2026-11-07T11:00:00Z'))).toEqual([]); // Sat 06:00
    expect(onCallAt(schedule, t('2026-11-08T03:00:00Z'))).toEqual([]); // Sat 22:00: not a Friday
    expect(shiftsBetween(schedule, t('2026-11-06T00:00:00Z'), t('2026-11-09T00:00:00Z'))).toEqual([{ user_id: 'night', start: '2026-11-07T03:00:00.000Z', end: '2026-11-07T11:00:00.000Z' }]);
  });
});

describe('overrides', () => {
  const base = () => build({ rotations: [daily('UTC', '2026-11-01T00:00', ['alice', 'bob'])] });

  it('replace puts another person in for the span, only where the replaced one was on call', () => {
    const schedule = { ...base(), overrides: [over({ add_user: 'dave', remove_user: 'alice', start: '2026-11-01T12:00:00Z', end: '2026-11-02T12:00:00Z' })] };
    expect(onCallAt(schedule, t('2026-11-01T11:59:59Z'))).toEqual(['alice']);
    expect(onCallAt(schedule, t('2026-11-01T12:00:00Z'))).toEqual(['dave']);
    expect(onCallAt(schedule, t('2026-11-02T06:00:00Z'))).toEqual(['bob']); // bob's day: not replaced
    expect(shiftsBetween(schedule, t('2026-11-01T00:00:00Z'), t('2026-11-03T00:00:00Z'))).toEqual([
      { user_id: 'alice', start: '2026-11-01T00:00:00.000Z', end: '2026-11-01T12:00:00.000Z' },
      { user_id: 'dave', start: '2026-11-01T12:00:00.000Z', end: '2026-11-02T00:00:00.000Z' },
      { user_id: 'bob', start: '2026-11-02T00:00:00.000Z', end: '2026-11-03T00:00:00.000Z' },
    ]);
  });

  it('add puts a second person on call; remove leaves nobody', () => {
    const schedule = {
      ...base(),
      overrides: [over({ add_user: 'erin', start: '2026-11-01T06:00:00Z', end: '2026-11-01T08:00:00Z' }), over({ remove_user: 'bob', start: '2026-11-02T00:00:00Z', end: '2026-11-02T06:00:00Z' })],
    };
    expect(onCallAt(schedule, t('2026-11-01T07:00:00Z'))).toEqual(['alice', 'erin']);
    expect(onCallAt(schedule, t('2026-11-02T01:00:00Z'))).toEqual([]);
    expect(onCallAt(schedule, t('2026-11-02T06:00:00Z'))).toEqual(['bob']);
  });

  it('an override whose end is not after its start is refused, naming the field', () => {
    expect(() => over({ add_user: 'x', start: '2026-11-02T00:00:00Z', end: '2026-11-01T00:00:00Z' })).toThrow(InvalidInputError);
    try {
      newSchedule('SCH-01JD0000000000000000000001', { name: 's', rotations: [daily('UTC', '2026-11-01T00:00')], overrides: [{ add_user: 'x', start: '2026-11-02T00:00:00Z', end: '2026-11-02T00:00:00Z' }] }, 'a', now);
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidInputError).details.field).toBe('overrides.0.end');
    }
  });
});

describe('who is on call at an instant equals the final shifts covering it', () => {
  it('for random schedules with several rotations, restrictions and overrides', () => {
    const people = ['a', 'b', 'c', 'd'];
    const start = t('2026-03-01T00:00:00Z');
    const span = 60 * 86_400_000;
    const rotationArb = fc.record({
      participants: fc.shuffledSubarray(people, { minLength: 1 }),
      shift_type: fc.constantFrom('hourly' as const, 'daily' as const, 'weekly' as const),
      shift_length: fc.integer({ min: 1, max: 30 }),
      start: fc.constantFrom('2026-02-27T09:00', '2026-03-08T02:30', '2026-03-29T02:15', '2025-12-31T23:00'),
      time_zone: fc.constantFrom('Europe/Berlin', 'America/New_York', 'UTC'),
      restrictions: fc.array(fc.record({ days: fc.subarray(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const, { minLength: 1 }), start: fc.constantFrom('00:00', '02:30', '09:00', '22:00'), end: fc.constantFrom('00:00', '03:00', '17:00', '06:00') }), { maxLength: 2 }),
    });
    const overrideArb = fc.record({ add: fc.option(fc.constantFrom(...people, 'z'), { nil: undefined }), remove: fc.option(fc.constantFrom(...people), { nil: undefined }), s: fc.integer({ min: 0, max: span }), len: fc.integer({ min: 1, max: 5 * 86_400_000 }) });
    fc.assert(
      fc.property(fc.array(rotationArb, { minLength: 1, maxLength: 3 }), fc.array(overrideArb, { maxLength: 4 }), fc.array(fc.integer({ min: 0, max: span - 1 }), { minLength: 5, maxLength: 5 }), (rotations, overrides, probes) => {
        const schedule = build({ rotations: rotations.map((r) => ({ ...r, restrictions: r.restrictions.map((x) => ({ ...x, days: [...x.days] })) })) });
        schedule.overrides = overrides
          .filter((o) => (o.add !== undefined || o.remove !== undefined) && o.add !== o.remove)
          .map((o) => over({ ...(o.add ? { add_user: o.add } : {}), ...(o.remove ? { remove_user: o.remove } : {}), start: iso(start + o.s), end: iso(start + o.s + o.len) }));
        const shifts = shiftsBetween(schedule, start, start + span);
        for (const p of probes) {
          const at = start + p;
          const covering = shifts.filter((s) => Date.parse(s.start) <= at && at < Date.parse(s.end)).map((s) => s.user_id).sort();
          expect(onCallAt(schedule, at).sort()).toEqual(covering);
        }
        // shifts of one person never overlap or touch
        for (const person of [...people, 'z']) {
          const mine = shifts.filter((s) => s.user_id === person);
          for (let i = 1; i < mine.length; i++) expect(Date.parse(mine[i]!.start)).toBeGreaterThan(Date.parse(mine[i - 1]!.end));
        }
      }),
      { numRuns: 60 },
    );
  }, 30_000);
});

describe('bad input', () => {
  it('refuses an unknown time zone, an impossible start and a bad user id, naming the field', () => {
    const field = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidInputError);
        return (error as InvalidInputError).details.field;
      }
      return undefined;
    };
    expect(field(() => build({ rotations: [daily('UTC', '2026-01-01T09:00'), daily('Mars/Olympus', '2026-01-01T09:00')] }))).toBe('rotations.1.time_zone');
    expect(field(() => build({ rotations: [daily('UTC', '2026-02-30T09:00')] }))).toBe('rotations.0.start');
    expect(field(() => build({ rotations: [daily('UTC', '2026-01-01T09:00', ['ok', 'not ok'])] }))).toBe('rotations.0.participants.1');
    expect(field(() => build({ rotations: [{ ...daily('UTC', '2026-01-01T09:00'), shift_type: 'weekly', shift_length: 53 }] }))).toBe('rotations.0.shift_length');
    expect(build({ rotations: [daily('europe/berlin', '2026-01-01T09:00')] }).rotations[0]!.time_zone).toBe('Europe/Berlin');
  });
});
