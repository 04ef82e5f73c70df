import { describe, expect, it } from 'vitest';
import { alarmFiring, alarmRecovered, componentsWithoutAlarm, matchMapping } from '#shared/domain/alarms/alarm.ts';
import { newIncident, SYSTEM_ACTOR } from '#shared/domain/incidents/incident.ts';

const now = '2026-11-24T10:00:00.000Z';
const mappings = [
  { kind: 'prefix' as const, pattern: 'checkout-', id: 'a' },
  { kind: 'prefix' as const, pattern: 'checkout-api-', id: 'b' },
  { kind: 'name' as const, pattern: 'checkout-api-5xx', id: 'c' },
];

describe('alarms', () => {
  it('maps by exact name first, then by the longest prefix', () => {
    expect(matchMapping(mappings, 'checkout-api-5xx')?.id).toBe('c');
    expect(matchMapping(mappings, 'checkout-api-latency')?.id).toBe('b');
    expect(matchMapping(mappings, 'checkout-db')?.id).toBe('a');
    expect(matchMapping(mappings, 'payments')).toBeUndefined();
  });

  it('records firing and recovery; resolves by the system only when no other alarm fires', () => {
    const { incident } = newIncident('INC-20261124-0001', { title: 'x', impact: 2, components: ['c1'] }, SYSTEM_ACTOR, now, { system: true });
    expect(alarmFiring(incident, 'a1', now).entries[0]).toMatchObject({ message: 'alarm a1 firing', actor: SYSTEM_ACTOR });
    const partial = alarmRecovered(incident, 'a1', ['a2'], now);
    expect(partial.after.status).toBe('open');
    expect(partial.entries.map((e) => e.message)).toEqual(['alarm recovered']);
    const all = alarmRecovered(incident, 'a1', [], now);
    expect(all.after).toMatchObject({ status: 'resolved', version: 3, system: true });
    expect(all.entries.map((e) => [e.type, e.message])).toEqual([
      ['incident.updated', 'alarm recovered'],
      ['incident.resolved', 'resolved by system: all alarms OK'],
    ]);
    expect((all.entries[0]?.id ?? '') < (all.entries[1]?.id ?? '')).toBe(true);
  });

  it('resolves only when every source recovered: a component no alarm reports came from a monitor', () => {
    const { incident } = newIncident('INC-20261124-0002', { title: 'x', impact: 2, components: ['c1', 'c2'] }, SYSTEM_ACTOR, now, { system: true });
    expect(componentsWithoutAlarm(incident, ['c1', null, undefined])).toEqual(['c2']);
    expect(componentsWithoutAlarm(incident, ['c2', 'c1'])).toEqual([]);
    const monitored = alarmRecovered(incident, 'a1', [], now, ['c2']);
    expect(monitored.after.status).toBe('open');
    expect(monitored.entries.map((e) => e.message)).toEqual(['alarm recovered']);
    expect(alarmRecovered(incident, 'a1', [], now, []).after.status).toBe('resolved');
  });
});
