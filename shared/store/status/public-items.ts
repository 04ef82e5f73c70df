/**
 * The items an incident write adds to its own transaction so that the public read model can never
 * disagree with the incident (the same approach as the board copies, component-items.ts):
 *
 * - the public copy `PUBINC#<id> / #PUBLIC` while the incident is public and not deleted: its
 *   public fields only (built field by field, shared/domain/status/public-model.ts), listed on gsi1
 *   per month and, while active, on gsi2; each list split by `rss_enabled`. Deleted when the
 *   incident becomes private or is deleted. Written only when a public field changed or a public
 *   update was posted, so comments, assignments and internal edits cost nothing here;
 * - one `PUBINC#<id> / U#<at>#<entry id>` per public message posted (never updated). Written also
 *   while the incident is private: they hold nothing but the public text, and every read goes
 *   through the copy, so they show only once (and while) the incident is public.
 *
 * The copy is an UpdateItem (an upsert), so `monitoring_at` (the first move to monitoring) is kept
 * without reading the copy first.
 */
import type { Incident, TimelineEntry } from '#shared/domain/incidents/incident.ts';
import { isActive } from '#shared/domain/incidents/lifecycle.ts';
import { isVisible, publicFingerprint, publicIncidentOf, publicUpdateOf, type PublicIncident } from '#shared/domain/status/public-model.ts';
import { tableName } from '#shared/store/client.ts';
import { keys } from '#shared/store/keys.ts';
import type { TransactItem } from '#shared/store/transact.ts';

/** Attributes of the copy that a write sets; `monitoring_at` is handled on its own. */
const COPY_FIELDS = ['id', 'title', 'status', 'impact', 'severity', 'incident_type', 'components', 'started_at', 'created_at', 'updated_at', 'resolved_at', 'closed_at', 'public_message', 'rss_enabled'] as const satisfies readonly (keyof PublicIncident)[];

function copyUpdate(before: Incident | undefined, after: Incident): TransactItem {
  const copy = publicIncidentOf(after, after.updated_at, null);
  const names: Record<string, string> = { '#entity': 'entity', '#monitoring': 'monitoring_at' };
  const values: Record<string, unknown> = { ':entity': 'public_incident' };
  const set: string[] = ['#entity = :entity'];
  const remove: string[] = [];
  COPY_FIELDS.forEach((field, i) => {
    names[`#f${i}`] = field;
    values[`:f${i}`] = copy[field];
    set.push(`#f${i} = :f${i}`);
  });
  const feed = copy.rss_enabled;
  const list = keys.publicList(after.created_at, after.id, feed);
  Object.assign(names, { '#g1pk': 'gsi1pk', '#g1sk': 'gsi1sk', '#g2pk': 'gsi2pk', '#g2sk': 'gsi2sk' });
  values[':g1pk'] = list.gsi1pk;
  values[':g1sk'] = list.gsi1sk;
  set.push('#g1pk = :g1pk', '#g1sk = :g1sk');
  if (isActive(after.status)) {
    const active = keys.publicActiveList(after.created_at, after.id, feed);
    values[':g2pk'] = active.gsi2pk;
    values[':g2sk'] = active.gsi2sk;
    set.push('#g2pk = :g2pk', '#g2sk = :g2sk');
  } else {
    remove.push('#g2pk', '#g2sk');
  }
  if (after.status === 'monitoring' && before?.status !== 'monitoring') {
    values[':monitoring'] = after.updated_at;
    set.push('#monitoring = :monitoring');
  } else {
    values[':none'] = null;
    set.push('#monitoring = if_not_exists(#monitoring, :none)');
  }
  return {
    Update: {
      TableName: tableName,
      Key: keys.publicIncident(after.id),
      UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * `after` undefined: the incident is being deleted. `entries`: the timeline entries of this write
 * (their public messages become public updates).
 */
export function publicStatusItems(before: Incident | undefined, after: Incident | undefined, entries: readonly TimelineEntry[]): TransactItem[] {
  const items: TransactItem[] = [];
  const updates = entries.map(publicUpdateOf).filter((u) => u !== undefined);
  for (const u of updates) {
    items.push({ Put: { TableName: tableName, Item: { ...keys.publicUpdate(u.incident_id, u.created_at, u.id), entity: 'public_update', ...u } } });
  }
  const wasPublic = isVisible(before);
  const isPublic = isVisible(after);
  if (isPublic) {
    const changed = !wasPublic || publicFingerprint(before) !== publicFingerprint(after) || updates.length > 0;
    if (changed) items.push(copyUpdate(before, after));
  } else if (wasPublic) {
    items.push({ Delete: { TableName: tableName, Key: keys.publicIncident(before.id) } });
  }
  return items;
}
