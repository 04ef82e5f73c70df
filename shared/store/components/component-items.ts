/**
 * The items an incident write adds to its own transaction when the incident names components, so
 * that the component-status board and the availability index can never disagree with the incident:
 *
 * - a ConditionCheck `attribute_exists` on every newly named component (an unknown id cancels the
 *   whole write: nothing is stored, the caller gets a 404 naming the unknown ids);
 * - the board copy `BOARD / I#<id>` of the incident while it is active and names components (the
 *   component-status decision reads the board with one Query), deleted when it stops being active;
 * - one outage item `AVAIL#<component> / <resolved_at>#<id>` per component once the incident is
 *   resolved (deleted again on reopen, delete, or when the component is removed); it keeps the
 *   incident's `is_public`, so the public uptime bars leave private incidents out.
 *
 * Incidents without components get no extra item: their writes stay as they were.
 */
import { NotFoundError } from '#shared/domain/errors.ts';
import type { Incident } from '#shared/domain/incidents/incident.ts';
import { isActive } from '#shared/domain/incidents/lifecycle.ts';
import { ANALYTICS_COUNTED } from '#shared/store/analytics/analytics-items.ts';
import { tableName } from '#shared/store/client.ts';
import { keys, type Key } from '#shared/store/keys.ts';
import type { TransactItem } from '#shared/store/transact.ts';

export interface ComponentItems {
  readonly items: TransactItem[];
  /** Component id of each ConditionCheck, by its index in `items`. */
  readonly checks: ReadonlyMap<number, string>;
}

export const onBoard = (incident: Incident | undefined): incident is Incident => incident !== undefined && isActive(incident.status) && (incident.components?.length ?? 0) > 0;

/** The board copy of an incident (no index keys: it must not show in incident lists). */
export function boardIncidentItem(incident: Incident): Record<string, unknown> {
  // The analytics marker too (shared/store/analytics/analytics-items.ts): a decision reads the incident from here.
  return { ...keys.boardIncident(incident.id), entity: 'board_incident', ...incident, [ANALYTICS_COUNTED]: true };
}

interface OutageFacts {
  readonly key: Key;
  readonly item: Record<string, unknown>;
}

function outages(incident: Incident | undefined): OutageFacts[] {
  if (!incident?.resolved_at) return [];
  const resolvedAt = incident.resolved_at;
  return [...new Set(incident.components ?? [])].map((componentId) => {
    const key = keys.outage(componentId, resolvedAt, incident.id);
    return {
      key,
      item: { ...key, entity: 'outage', component_id: componentId, incident_id: incident.id, impact: incident.impact, incident_type: incident.incident_type, is_public: incident.is_public, start_time: incident.start_time, resolved_at: resolvedAt },
    };
  });
}

/**
 * `after` undefined: the incident is being deleted. `skipChecks`: component ids the caller already
 * conditions on in the same transaction (a transaction may touch each item only once).
 * `boardExtra`: stored-only attributes of the board copy (a system incident's `members`).
 */
export function incidentComponentItems(
  before: Incident | undefined,
  after: Incident | undefined,
  options: { skipChecks?: readonly string[]; boardExtra?: Record<string, unknown> } = {},
): ComponentItems {
  const items: TransactItem[] = [];
  const checks = new Map<number, string>();
  const known = new Set([...(before?.components ?? []), ...(options.skipChecks ?? [])]);
  for (const componentId of new Set(after?.components ?? [])) {
    if (known.has(componentId)) continue;
    checks.set(items.length, componentId);
    items.push({ ConditionCheck: { TableName: tableName, Key: keys.component(componentId), ConditionExpression: 'attribute_exists(pk)' } });
  }
  if (onBoard(after)) items.push({ Put: { TableName: tableName, Item: { ...boardIncidentItem(after), ...options.boardExtra } } });
  else if (onBoard(before)) items.push({ Delete: { TableName: tableName, Key: keys.boardIncident(before.id) } });

  const was = outages(before);
  const is = outages(after);
  const sameFacts = JSON.stringify(was.map((o) => o.item)) === JSON.stringify(is.map((o) => o.item));
  if (!sameFacts) {
    for (const o of is) items.push({ Put: { TableName: tableName, Item: o.item } });
    const kept = new Set(is.map((o) => o.key.sk + o.key.pk));
    for (const o of was) if (!kept.has(o.key.sk + o.key.pk)) items.push({ Delete: { TableName: tableName, Key: o.key } });
  }
  return { items, checks };
}

/** The 404 for a transaction cancelled on the component checks that start at `offset`, if it was. */
export function unknownComponents(failed: readonly number[], offset: number, written: ComponentItems): NotFoundError | undefined {
  const unknown = failed.map((i) => written.checks.get(i - offset)).filter((id): id is string => id !== undefined);
  if (unknown.length === 0) return undefined;
  return new NotFoundError(`Unknown component(s): ${unknown.join(', ')}. Use the ids from GET /v1/components.`, { unknown_components: unknown });
}
