/**
 * `GET /v1/incidents/{id}/report`: every read in parallel (the incident's partition, its public
 * updates, the components, its alarm links, its escalation with up to 100 step runs, its action
 * items), then the pure report (shared/domain/reviews/report.ts).
 */
import { NotFoundError } from '#shared/domain/errors.ts';
import { buildReport, type Report } from '#shared/domain/reviews/report.ts';
import { listEscalations } from '#shared/use-cases/paging/list-escalations.ts';
import type { ReportDeps } from '#shared/use-cases/reviews/report-deps.ts';

/** Step runs in the report; an escalation that looped more keeps its first 100 (GET …/escalations pages through all). */
export const REPORT_MAX_STEP_RUNS = 100;

export async function getReport(deps: ReportDeps, incidentId: string): Promise<Report> {
  const detail = await deps.incidents.getDetail(incidentId);
  if (!detail) throw new NotFoundError(`Incident ${incidentId} does not exist.`);
  const { incident } = detail;
  const [publicUpdates, components, alarms, escalations, actionItems] = await Promise.all([
    incident.is_public ? deps.status.updates(incidentId) : Promise.resolve([]),
    incident.components.length ? deps.components.listComponents() : Promise.resolve([]),
    deps.components.alarmLinks(incidentId),
    listEscalations(deps, incidentId, REPORT_MAX_STEP_RUNS, undefined),
    deps.items.list(incidentId),
  ]);
  return buildReport({
    incident,
    timeline: detail.timeline,
    publicUpdates,
    components: components.filter((c) => incident.components.includes(c.id)).map((c) => ({ id: c.id, name: c.name })),
    alarms,
    escalation: escalations.escalation,
    escalationRuns: escalations.items,
    actionItems,
    generatedAt: deps.now().toISOString(),
  });
}
