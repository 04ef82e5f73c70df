/**
 * A CloudWatch "Alarm State Change" event, once (MISSION section 3):
 * - ALARM: the alarm's mapping names a component and an impact; the component-status decision runs
 *   as the system actor, and the alarm is linked to the system incident that now covers the
 *   component. Everything commits in one transaction with the dedupe record of the event id.
 * - OK: "alarm recovered" on the linked system incident; resolved by the system once every source
 *   of it has recovered: none of its alarms is firing and no component of it came from a monitor's
 *   component-status report (a component no linked alarm reports). Same transaction, same dedupe record.
 * - A redelivered event (same id) finds its dedupe record (checked first, and again as a condition
 *   of the transaction) and changes nothing.
 */
import { alarmFiring, alarmRecovered, componentsWithoutAlarm, matchMapping, type AlarmStateValue } from '#shared/domain/alarms/alarm.ts';
import { SYSTEM_ACTOR } from '#shared/domain/incidents/incident.ts';
import { isActive } from '#shared/domain/incidents/lifecycle.ts';
import { recordIncidentMetrics } from '#shared/observability.ts';
import { BoardChanged, DuplicateEvent, type StatusCommit, type StatusSideWrite } from '#shared/store/components/component-store.ts';
import type { ComponentDeps } from '#shared/use-cases/components/deps.ts';
import { changeCommit, runComponentStatus, type ComponentStatusOutcome } from '#shared/use-cases/components/report-component-status.ts';

export interface AlarmChange {
  readonly eventId: string;
  readonly alarmName: string;
  readonly state: AlarmStateValue;
  readonly reason?: string | undefined;
  /** When the alarm changed state (the event's `time`). */
  readonly time: string;
}

export type AlarmOutcome =
  | { readonly result: 'duplicate' | 'unmapped' | 'ignored'; readonly incidentId: null }
  | { readonly result: ComponentStatusOutcome['result']; readonly incidentId: string | null; readonly componentId: string }
  | { readonly result: 'recovered' | 'resolved'; readonly incidentId: string };

const MAX_ATTEMPTS = 20;

export async function handleAlarm(deps: ComponentDeps, change: AlarmChange): Promise<AlarmOutcome> {
  if (await deps.components.seenAlarmEvent(change.eventId)) return { result: 'duplicate', incidentId: null };
  try {
    if (change.state === 'ALARM') return await firing(deps, change);
    if (change.state === 'OK') return await recovered(deps, change);
    // INSUFFICIENT_DATA says nothing about the component: remember the state, change nothing.
    await deps.components.commit({ writes: [], pointers: [], side: sides(change, null, null, deps.now().toISOString()) });
    return { result: 'ignored', incidentId: null };
  } catch (error) {
    if (error instanceof DuplicateEvent) return { result: 'duplicate', incidentId: null };
    throw error;
  }
}

/** The dedupe record, the alarm's state and (with an incident) its link: written with every outcome. */
function sides(change: AlarmChange, incidentId: string | null, componentId: string | null, now: string): StatusSideWrite[] {
  const out: StatusSideWrite[] = [
    { kind: 'alarmEvent', eventId: change.eventId, alarmName: change.alarmName, at: now },
    { kind: 'alarmState', state: { alarm_name: change.alarmName, state: change.state, incident_id: incidentId, component_id: componentId, last_event_id: change.eventId, updated_at: now } },
  ];
  if (incidentId) out.push({ kind: 'alarmLink', link: { incident_id: incidentId, alarm_name: change.alarmName, state: change.state, updated_at: now, component_id: componentId } });
  return out;
}

async function firing(deps: ComponentDeps, change: AlarmChange): Promise<AlarmOutcome> {
  const mapping = matchMapping(await deps.components.alarmMappings(), change.alarmName);
  if (!mapping) {
    await deps.components.commit({ writes: [], pointers: [], side: sides(change, null, null, deps.now().toISOString()) });
    return { result: 'unmapped', incidentId: null };
  }
  const input = { name: change.alarmName, componentId: mapping.component_id, impact: mapping.impact, text: `Alarm ${change.alarmName}` };
  return runComponentStatus<AlarmOutcome>(deps, input, SYSTEM_ACTOR, ({ component, decision, now }) => {
    const componentId = component.id;
    switch (decision.kind) {
      case 'maintenance':
        return { commit: { writes: [], pointers: [], side: sides(change, null, componentId, now) }, value: { result: 'maintenance', incidentId: null, componentId } };
      case 'existing': {
        // A person's incident is never changed by automation: the alarm is only remembered.
        if (!decision.incident.system) return { commit: { writes: [], pointers: [], side: sides(change, null, componentId, now) }, value: { result: 'unchanged', incidentId: decision.incident.id, componentId } };
        const write = alarmFiring(decision.incident, change.alarmName, now);
        return { commit: { writes: [write], pointers: [], side: sides(change, decision.incident.id, componentId, now) }, value: { result: 'unchanged', incidentId: decision.incident.id, componentId } };
      }
      case 'change':
        return {
          commit: { ...changeCommit(decision), side: sides(change, decision.incident.id, componentId, now) },
          value: { result: decision.result, incidentId: decision.incident.id, componentId },
        };
    }
  });
}

async function recovered(deps: ComponentDeps, change: AlarmChange): Promise<AlarmOutcome> {
  for (let attempt = 1; ; attempt++) {
    const now = deps.now().toISOString();
    const state = await deps.components.alarmState(change.alarmName);
    const incident = state?.incident_id ? await deps.incidents.get(state.incident_id) : undefined;
    if (!incident || !incident.system || !isActive(incident.status)) {
      await deps.components.commit({ writes: [], pointers: [], side: sides(change, null, state?.component_id ?? null, now) });
      return { result: 'ignored', incidentId: null };
    }
    const links = await deps.components.alarmLinks(incident.id);
    const othersFiring = links.filter((l) => l.alarm_name !== change.alarmName && l.state === 'ALARM').map((l) => l.alarm_name);
    // Every source must have recovered: a component no linked alarm reports came from a monitor.
    const alarmComponents = await Promise.all(links.map(async (l) => (l.component_id !== undefined ? l.component_id : ((await deps.components.alarmState(l.alarm_name))?.component_id ?? null))));
    const otherSources = componentsWithoutAlarm(incident, [...alarmComponents, state?.component_id]);
    const write = alarmRecovered(incident, change.alarmName, othersFiring, now, otherSources);
    const commit: StatusCommit = { writes: [write], pointers: [], side: sides(change, incident.id, state?.component_id ?? null, now) };
    try {
      await deps.components.commit(commit);
      recordIncidentMetrics(write.before, write.after);
      return { result: othersFiring.length > 0 || otherSources.length > 0 ? 'recovered' : 'resolved', incidentId: incident.id };
    } catch (error) {
      if (!(error instanceof BoardChanged) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
