import { describe, expect, it } from 'vitest';
import { componentStatusName, impactOf, normalizeSeverity, severityOf } from '#shared/domain/severity.ts';

describe('severity and impact', () => {
  it.each([
    ['critical', 'critical'],
    ['SEV1', 'critical'],
    ['sev2', 'high'],
    ['SEV1_CRITICAL', 'critical'],
    ['SEV2_HIGH', 'high'],
    ['SEV3_MEDIUM', 'medium'],
    ['SEV4_LOW', 'low'],
    [' High ', 'high'],
    ['P1', 'critical'],
  ])('normalizes %s to %s', (input, expected) => expect(normalizeSeverity(input)).toBe(expected));

  it.each([['SEV1_LOW'], ['SEV9'], ['urgent'], [3]])('leaves %s for the schema to reject', (input) => expect(normalizeSeverity(input)).toBe(input));

  it('derives impact from severity and back', () => {
    expect([impactOf('critical'), impactOf('high'), impactOf('medium'), impactOf('low'), impactOf('minor')]).toEqual([3, 2, 1, 1, 1]);
    expect([severityOf(3), severityOf(2), severityOf(1), severityOf(0)]).toEqual(['critical', 'high', 'medium', 'minor']);
  });
});

describe('component status names', () => {
  it('are one vocabulary for the grid and events: operational, maintenance, minor, major, outage', () => {
    expect([0, 1, 2, 3].map((i) => componentStatusName(i as 0 | 1 | 2 | 3))).toEqual(['operational', 'minor', 'major', 'outage']);
    expect(componentStatusName(0, true)).toBe('maintenance');
    expect(componentStatusName(2, true)).toBe('major');
  });
});
