/**
 * CloudWatch alarms as a source of component status (MISSION section 3). Pure: no AWS imports.
 * - An alarm maps to a component and impact by its exact name, else by the longest matching prefix.
 * - ALARM runs the component-status decision as the system actor; an active system incident that
 *   already covers the component records "alarm <name> firing" (which also bumps its version, so a
 *   concurrent recovery of another alarm of the incident cannot resolve it from a stale view).
 * - OK records "alarm recovered" and resolves the system incident once every source of it has
 *   recovered: every alarm linked to it is OK, and none of its components was reported by a
 *   monitor through the component-status API (those resolve or move with that monitor's reports).
 */
import { changeStatus, SYSTEM_ACTOR, touch, type Incident } from '#shared/domain/incidents/incident.ts';
import type { IncidentWrite } from '#shared/domain/components/component-status.ts';

export const ALARM_STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;
export type AlarmStateValue = (typeof ALARM_STATES)[number];

export interface MappingRule {
  readonly kind: 'name' | 'prefix';
  readonly pattern: string;
}

/** The exact-name mapping, else the one with the longest prefix of the alarm name. */
export function matchMapping<M extends MappingRule>(mappings: readonly M[], alarmName: string): M | undefined {
  const exact = mappings.find((m) => m.kind === 'name' && m.pattern === alarmName);
  if (exact) return exact;
  return mappings.filter((m) => m.kind === 'prefix' && alarmName.startsWith(m.pattern)).sort((a, b) => b.pattern.length - a.pattern.length)[0];
}

export const ALARM_RECOVERED = 'alarm recovered';
export const alarmFiringText = (alarmName: string) => `alarm ${alarmName} firing`;

/** Entries of one write at the same instant: their ids must sort in the order written. */
function ordered(write: IncidentWrite): IncidentWrite {
  const ids = write.entries.map((e) => e.id).sort();
  return { ...write, entries: write.entries.map((e, i) => ({ ...e, id: ids[i] as string })) };
}

export function alarmFiring(incident: Incident, alarmName: string, now: string): IncidentWrite {
  const { incident: after, entry } = touch(incident, 'incident.updated', SYSTEM_ACTOR, now, alarmFiringText(alarmName));
  return { before: incident, after, entries: [{ ...entry, update_type: 'alarm' }] };
}

/**
 * The components of an incident that no linked alarm reports: they came through the
 * component-status API (a monitor), a source that has not recovered until it resolves or moves them.
 */
export function componentsWithoutAlarm(incident: Pick<Incident, 'components'>, alarmComponents: readonly (string | null | undefined)[]): string[] {
  const covered = new Set(alarmComponents.filter((c): c is string => typeof c === 'string'));
  return incident.components.filter((id) => !covered.has(id));
}

/**
 * "alarm recovered" on the incident; resolved by the system only when every source of it has
 * recovered: no other linked alarm is firing, and no component of it was reported by anything
 * but an alarm (`otherSources`: such components, see componentsWithoutAlarm).
 */
export function alarmRecovered(incident: Incident, alarmName: string, othersFiring: readonly string[], now: string, otherSources: readonly string[] = []): IncidentWrite {
  const recovered = touch(incident, 'incident.updated', SYSTEM_ACTOR, now, ALARM_RECOVERED);
  const entries = [{ ...recovered.entry, update_type: 'alarm', changes: { alarm: { from: alarmName, to: 'OK' } } }];
  if (othersFiring.length > 0 || otherSources.length > 0) return { before: incident, after: recovered.incident, entries };
  const resolved = changeStatus(recovered.incident, 'resolved', SYSTEM_ACTOR, now, 'resolved by system: all alarms OK');
  return ordered({ before: incident, after: resolved.incident, entries: [...entries, resolved.entry] });
}
