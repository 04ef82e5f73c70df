/** Change events (shared/domain/integrations/change.ts): which incidents a change concerns, and its time. */
import { describe, expect, it } from 'vitest';
import { concerns, normalizeTimestamp, scopesOf } from '#shared/domain/integrations/change.ts';

const incident = (over: Partial<{ status: 'open' | 'resolved' | 'monitoring'; affected_services: string[]; components: string[]; assigned_team: string | null }>) => ({
  status: 'open' as const,
  affected_services: [] as string[],
  components: [] as string[],
  assigned_team: null as string | null,
  ...over,
});

describe('change events', () => {
  it("concern the active incidents of the change's component, else service, else team", () => {
    const onService = { service: 'checkout', team: 'payments', component_id: null };
    expect(concerns(incident({ affected_services: ['checkout'] }), onService)).toBe(true);
    expect(concerns(incident({ affected_services: ['checkout'], status: 'monitoring' }), onService)).toBe(true);
    expect(concerns(incident({ affected_services: ['checkout'], status: 'resolved' }), onService)).toBe(false);
    expect(concerns(incident({ affected_services: ['search'], assigned_team: 'payments' }), onService)).toBe(false);
    expect(concerns(incident({ assigned_team: 'payments' }), { service: null, team: 'payments', component_id: null })).toBe(true);
    expect(concerns(incident({ components: ['CMP-1'] }), { service: null, team: null, component_id: 'CMP-1' })).toBe(true);
    expect(concerns(incident({ affected_services: ['checkout'] }), { service: null, team: null, component_id: 'CMP-1' })).toBe(false);
  });

  it('are kept in one list per service, team and component', () => {
    expect(scopesOf({ service: 'checkout', team: 'payments', component_id: null })).toEqual([{ kind: 'service', value: 'checkout' }, { kind: 'team', value: 'payments' }]);
    expect(scopesOf({ service: null, team: null, component_id: 'CMP-1' })).toEqual([{ kind: 'component', value: 'CMP-1' }]);
  });

  it("keep PagerDuty's timestamp (offset without a colon) in UTC, else the arrival time", () => {
    expect(normalizeTimestamp('2015-07-17T08:42:58.315+0000', '2026-01-01T00:00:00.000Z')).toBe('2015-07-17T08:42:58.315Z');
    expect(normalizeTimestamp('2015-07-17T10:42:58+0200', 'x')).toBe('2015-07-17T08:42:58.000Z');
    expect(normalizeTimestamp(undefined, '2026-01-01T00:00:00.000Z')).toBe('2026-01-01T00:00:00.000Z');
  });
});
