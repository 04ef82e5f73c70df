/**
 * POST /v2/enqueue (PagerDuty Events API v2): one validated event for the integration its routing
 * key names.
 * - every trigger is one UpdateItem of the open-alert item (store.triggerAlert): it counts on the
 *   open alert (count + 1, last_seen; with the key lookup two DynamoDB round trips, nothing
 *   opened), or, when none is open, writes the new alert: exactly one of concurrent triggers of a
 *   key is that one. It opens the incident: through the component-status decision (as CloudWatch
 *   alarms do, shared/use-cases/alarms/handle-alarm.ts) when the integration maps to a component,
 *   with the alert's link in the decision's transaction; else a system incident on its service/team, with the alert's link in
 *   the incident's create transaction.
 * - acknowledge: the alert; the incident too once every open alert of it is acknowledged.
 * - resolve: the alert; the incident once none of its alerts is open, with the alarm rules
 *   (alarmRecovered: no alarm of it firing, no component from another source) on component
 *   incidents. An acknowledge or resolve for a key with no open alert (or from another
 *   integration) is dropped, as PagerDuty does, and still answered 202.
 */
import { alarmFiring, alarmRecovered, componentsWithoutAlarm } from '#shared/domain/alarms/alarm.ts';
import { ulid } from '#shared/domain/ids.ts';
import { SYSTEM_ACTOR, type Incident } from '#shared/domain/incidents/incident.ts';
import { isActive } from '#shared/domain/incidents/lifecycle.ts';
import { isOpenAlert, severityFromPd, type Alert, type Integration } from '#shared/domain/integrations/integration.ts';
import { recordIncidentMetrics } from '#shared/observability.ts';
import { BoardChanged } from '#shared/store/components/component-store.ts';
import type { PdEventInput } from '#shared/schemas/integrations.ts';
import { changeCommit, runComponentStatus } from '#shared/use-cases/components/report-component-status.ts';
import { changeStatus } from '#shared/use-cases/incidents/change-status.ts';
import { createIncident } from '#shared/use-cases/incidents/create-incident.ts';
import type { IntegrationDeps } from '#shared/use-cases/integrations/deps.ts';

export type EnqueueOutcome = { readonly dedupKey: string; readonly result: 'opened' | 'counted' | 'acknowledged' | 'resolved' | 'dropped'; readonly incidentId: string | null };

const alertName = (alert: Pick<Alert, 'integration_id' | 'dedup_key'>) => `${alert.integration_id}/${alert.dedup_key}`;

export async function enqueueEvent(deps: IntegrationDeps, integration: Integration, event: PdEventInput): Promise<EnqueueOutcome> {
  const now = deps.now().toISOString();
  switch (event.event_action) {
    case 'trigger':
      return trigger(deps, integration, event, now);
    case 'acknowledge':
      return acknowledge(deps, integration, event.dedup_key as string, now);
    case 'resolve':
      return resolve(deps, integration, event.dedup_key as string, now);
  }
}

async function trigger(deps: IntegrationDeps, integration: Integration, event: PdEventInput, now: string): Promise<EnqueueOutcome> {
  const dedupKey = event.dedup_key ?? ulid(Date.parse(now)).toLowerCase();
  const payload = event.payload as NonNullable<PdEventInput['payload']>;
  const alert: Alert = {
    id: `ALR-${ulid(Date.parse(now))}`,
    integration_id: integration.id,
    dedup_key: dedupKey,
    status: 'triggered',
    summary: payload.summary,
    severity: payload.severity,
    source: payload.source,
    payload: {
      ...payload,
      ...(event.client !== undefined ? { client: event.client } : {}),
      ...(event.client_url !== undefined ? { client_url: event.client_url } : {}),
      ...(event.images ? { images: event.images } : {}),
      ...(event.links ? { links: event.links } : {}),
    },
    count: 1,
    created_at: now,
    last_seen: now,
    acknowledged_at: null,
    resolved_at: null,
    incident_id: null,
    component_id: integration.mapping.type === 'component' ? integration.mapping.component_id : null,
  };
  const { alert: stored, opened } = await deps.integrations.triggerAlert(alert);
  // An alert of this key is open (or a concurrent trigger opened it first): counted on it.
  if (!opened) return { dedupKey, result: 'counted', incidentId: stored.incident_id };
  try {
    const incidentId = await openIncident(deps, integration, alert);
    return { dedupKey, result: 'opened', incidentId };
  } catch (error) {
    await deps.integrations.dropOpenAlert(alert);
    throw error;
  }
}

async function openIncident(deps: IntegrationDeps, integration: Integration, alert: Alert): Promise<string | null> {
  const mapping = integration.mapping;
  if (mapping.type === 'component') {
    const input = { name: integration.name, componentId: mapping.component_id, impact: mapping.impact, text: alert.summary };
    // The alert is linked in the decision's own transaction when it commits one (no round trip of
    // its own); with nothing to commit (maintenance, a person's incident) it is linked after.
    const linked = (incidentId: string) => deps.integrations.linkItems(alert, incidentId, alert.component_id);
    const { incidentId, committed } = await runComponentStatus<{ incidentId: string | null; committed: boolean }>(deps.components, input, SYSTEM_ACTOR, ({ decision }) => {
      switch (decision.kind) {
        case 'maintenance':
          return { value: { incidentId: null, committed: false } };
        case 'existing':
          // A person's incident is never changed by automation: the alert is only linked to it.
          if (!decision.incident.system) return { value: { incidentId: decision.incident.id, committed: false } };
          return { commit: { writes: [alarmFiring(decision.incident, alertName(alert), new Date().toISOString())], pointers: [], extra: linked(decision.incident.id) }, value: { incidentId: decision.incident.id, committed: true } };
        case 'change':
          return { commit: { ...changeCommit(decision), extra: linked(decision.incident.id) }, value: { incidentId: decision.incident.id, committed: true } };
      }
    });
    if (!committed) await deps.integrations.linkAlert(alert, incidentId, alert.component_id);
    return incidentId;
  }
  const { incident } = await createIncident(
    deps.incidents,
    {
      title: alert.summary.slice(0, 200),
      description: `Opened by integration ${integration.name} (${integration.id}) from ${alert.source}.`,
      severity: severityFromPd(alert.severity),
      ...(mapping.service ? { affected_services: [mapping.service] } : {}),
      ...(mapping.team ? { assigned_team: mapping.team } : {}),
    },
    SYSTEM_ACTOR,
    undefined,
    // The alert is linked in the incident's own create transaction: no round trip of its own.
    { system: true, extra: (created) => deps.integrations.linkItems(alert, created.id, null) },
  );
  return incident.id;
}

async function acknowledge(deps: IntegrationDeps, integration: Integration, dedupKey: string, now: string): Promise<EnqueueOutcome> {
  const alert = await deps.integrations.acknowledgeAlert(integration.id, dedupKey, now);
  if (!alert) return { dedupKey, result: 'dropped', incidentId: null };
  if (alert.incident_id) {
    const incident = await deps.incidents.store.get(alert.incident_id);
    if (incident && incident.system && incident.status === 'open') {
      const others = (await deps.integrations.allIncidentAlerts(incident.id)).filter((a) => a.id !== alert.id && a.status === 'triggered');
      if (others.length === 0) await changeStatus(deps.incidents, incident.id, 'acknowledged', SYSTEM_ACTOR, `acknowledged by system: alert ${dedupKey} acknowledged`);
    }
  }
  return { dedupKey, result: 'acknowledged', incidentId: alert.incident_id };
}

async function resolve(deps: IntegrationDeps, integration: Integration, dedupKey: string, now: string): Promise<EnqueueOutcome> {
  const alert = await deps.integrations.resolveAlert(integration.id, dedupKey, now);
  if (!alert) return { dedupKey, result: 'dropped', incidentId: null };
  if (alert.incident_id) await resolveIncidentIfDone(deps, alert, alert.incident_id);
  return { dedupKey, result: 'resolved', incidentId: alert.incident_id };
}

async function resolveIncidentIfDone(deps: IntegrationDeps, alert: Alert, incidentId: string): Promise<void> {
  for (let attempt = 1; attempt <= 20; attempt++) {
    const incident: Incident | undefined = await deps.incidents.store.get(incidentId);
    if (!incident || !incident.system || !isActive(incident.status)) return;
    const alerts = (await deps.integrations.allIncidentAlerts(incidentId)).filter((a) => a.id !== alert.id);
    const openAlerts = alerts.filter(isOpenAlert).map(alertName);
    if (alert.component_id === null) {
      if (openAlerts.length === 0) await changeStatus(deps.incidents, incidentId, 'resolved', SYSTEM_ACTOR, 'resolved by system: all alerts resolved');
      return;
    }
    // An incident of the component board: the alarm rules decide (every alarm and alert recovered,
    // no component of it reported by a monitor).
    const links = await deps.components.components.alarmLinks(incidentId);
    const othersFiring = [...openAlerts, ...links.filter((l) => l.state === 'ALARM').map((l) => l.alarm_name)];
    const covered = [...links.map((l) => l.component_id ?? null), ...alerts.map((a) => a.component_id), alert.component_id];
    const write = alarmRecovered(incident, alertName(alert), othersFiring, new Date().toISOString(), componentsWithoutAlarm(incident, covered));
    try {
      await deps.components.components.commit({ writes: [write], pointers: [] });
      recordIncidentMetrics(write.before, write.after);
      return;
    } catch (error) {
      if (!(error instanceof BoardChanged)) throw error;
    }
  }
}
