/**
 * IncidentStore on the single table (keys in shared/store/keys.ts, patterns in docs/data-model.md).
 *
 * Writes: one TransactWriteItems per change: the incident (conditional on its version), its
 * timeline entry (the outbox), the summary aggregate and any side item (comment, assignment,
 * idempotency record). Reads: GetItem or Query, never Scan.
 */
import type { AlertLink } from '#shared/domain/integrations/integration.ts';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { fromMembers, type Member } from '#shared/domain/components/members.ts';
import { INCIDENT_FIELDS, type Incident, type TimelineEntry } from '#shared/domain/incidents/incident.ts';
import { ACTIVE_STATUSES, STATUSES, type Status } from '#shared/domain/incidents/lifecycle.ts';
import { SEVERITIES, type Severity } from '#shared/domain/severity.ts';
import { db, tableName } from '#shared/store/client.ts';
import { queryAll } from '#shared/store/query.ts';
import * as z from 'zod/mini';
import { cursorList, decodeCursor, encodeCursor, guardCursor, month, timeKey } from '#shared/store/cursor.ts';
import {
  ExtraWriteRejected,
  IdempotencyKeyUsed,
  IncidentMissing,
  SideWriteRejected,
  BoardCopyChanged,
  VersionConflict,
  type Assignment,
  type Comment,
  type IdempotencyRecord,
  type IncidentDetail,
  type IncidentStore,
  type ListFilter,
  type Page,
  type SaveOptions,
  type SideWrite,
  type Summary,
} from '#shared/store/incidents/incident-store.ts';
import { keys, monthOf, SUMMARY_SHARDS, timeSortKey, withoutStorage } from '#shared/store/keys.ts';
import { TransactionCanceled, transactWrite, type TransactItem } from '#shared/store/transact.ts';
import { incidentComponentItems, unknownComponents } from '#shared/store/components/component-items.ts';
import { correlate } from '#shared/observability.ts';
import { publicStatusItems } from '#shared/store/status/public-items.ts';
import { ANALYTICS_COUNTED, incidentAnalyticsItems, isUncounted, markUncounted } from '#shared/store/analytics/analytics-items.ts';

/** Idempotency records are kept for a day, like Stripe's and PagerDuty's keys. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** Filtered lists stop after evaluating this many items and return a cursor to go on from. */
const MAX_EVALUATED_PER_PAGE = 1000;

type Item = Record<string, unknown>;

/** Incident list: the month being read and the sort key of the last item returned. */
const INCIDENT_PAGES = cursorList('incidents', z.strictObject({ m: month(), s: timeKey() }));
/** Comments of one incident: the sort key of the last comment returned. */
const COMMENT_PAGES = cursorList('comments', z.strictObject({ sk: timeKey(keys.commentPrefix) }));

const counter = (status: Status, severity: Severity) => `n_${status}_${severity}`;

export function incidentItem(incident: Incident): Item {
  return {
    ...keys.incident(incident.id),
    entity: 'incident',
    ...incident,
    // Every write through the store ADDs the incident's analytics contribution in its transaction.
    [ANALYTICS_COUNTED]: true,
    ...keys.incidentList(incident.created_at, incident.id),
    ...keys.incidentStatusList(incident.status, incident.created_at, incident.id),
  };
}

export function timelineItem(entry: TimelineEntry): Item {
  return { ...keys.timelineEntry(entry.incident_id, entry.at, entry.id), entity: 'timeline', ...keys.auditList(entry.at, entry.id), ...entry };
}

export function summaryUpdate(deltas: Map<string, number>): TransactItem | undefined {
  const entries = [...deltas].filter(([, delta]) => delta !== 0);
  if (entries.length === 0) return undefined;
  const names: Record<string, string> = { '#entity': 'entity' };
  const values: Record<string, unknown> = { ':entity': 'summary' };
  const adds = entries.map(([attribute, delta], i) => {
    names[`#a${i}`] = attribute;
    values[`:d${i}`] = delta;
    return `#a${i} :d${i}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: keys.summaryShard(Math.floor(Math.random() * SUMMARY_SHARDS)),
      UpdateExpression: `SET #entity = :entity ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

export function summaryDeltas(before: Incident | undefined, after: Incident | undefined): Map<string, number> {
  const deltas = new Map<string, number>();
  const add = (incident: Incident, delta: number) => {
    const key = counter(incident.status, incident.severity);
    deltas.set(key, (deltas.get(key) ?? 0) + delta);
  };
  if (before) add(before, -1);
  if (after) add(after, 1);
  return deltas;
}

function sideItem(side: SideWrite): TransactItem {
  switch (side.kind) {
    case 'putComment': {
      const c = side.comment;
      return { Put: { TableName: tableName, Item: { ...keys.comment(c.incident_id, c.created_at, c.id), entity: 'comment', ...c }, ConditionExpression: 'attribute_not_exists(pk)' } };
    }
    case 'putAssignment': {
      const a = side.assignment;
      return { Put: { TableName: tableName, Item: { ...keys.assignment(a.incident_id, a.user), entity: 'assignment', ...a }, ConditionExpression: 'attribute_not_exists(pk)' } };
    }
    case 'deleteAssignment':
      return { Delete: { TableName: tableName, Key: keys.assignment(side.incidentId, side.user), ConditionExpression: 'attribute_exists(pk)' } };
  }
}

/** Known fields in API order first, then any field a later version added. */
/**
 * A system incident stores its membership per component (`members`, see
 * shared/store/components/dynamo-component-store.ts): concurrent joins and leaves change one entry
 * each, so its `components`, `affected_services` and `affected_regions` are derived from it here;
 * the stored lists are only what the list filters match on. `members` itself is storage.
 */
export const toIncident = (item: Item): Incident => {
  const rest = withoutStorage(item);
  const ordered: Item = {};
  for (const field of INCIDENT_FIELDS) ordered[field] = rest[field] ?? null;
  const members = rest.members;
  delete rest.members;
  const derived = members && typeof members === 'object' ? fromMembers(members as Record<string, Member>) : {};
  return markUncounted({ ...ordered, ...rest, ...derived } as unknown as Incident, item);
};

interface Partition {
  readonly index: 'gsi1' | 'gsi2';
  readonly pk: string;
  /** Where this partition's reading stopped in the current month; undefined = exhausted. */
  done: boolean;
}

export class DynamoIncidentStore implements IncidentStore {
  async nextSequence(day: string): Promise<number> {
    const result = await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.daySequence(day),
        UpdateExpression: 'SET #entity = :entity ADD seq :one',
        ExpressionAttributeNames: { '#entity': 'entity' },
        ExpressionAttributeValues: { ':one': 1, ':entity': 'sequence' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.seq);
  }

  async create(incident: Incident, entry: TimelineEntry, idempotency?: IdempotencyRecord, more: readonly TimelineEntry[] = [], extra: readonly TransactItem[] = []): Promise<void> {
    const items: TransactItem[] = [
      { Put: { TableName: tableName, Item: incidentItem(incident), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: tableName, Item: timelineItem(entry) } },
      ...more.map((e): TransactItem => ({ Put: { TableName: tableName, Item: timelineItem(e) } })),
    ];
    const summary = summaryUpdate(summaryDeltas(undefined, incident));
    if (summary) items.push(summary);
    items.push(...incidentAnalyticsItems(undefined, incident));
    const idemIndex = items.length;
    if (idempotency) {
      items.push({
        Put: {
          TableName: tableName,
          Item: { ...keys.idempotency(idempotency.caller, idempotency.key), entity: 'idempotency', ...idempotency, ttl: Math.floor(Date.now() / 1000) + IDEMPOTENCY_TTL_SECONDS },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    const componentIndex = items.length;
    const componentWrites = incidentComponentItems(undefined, incident);
    items.push(...componentWrites.items);
    items.push(...publicStatusItems(undefined, incident, [entry]));
    items.push(...extra);
    try {
      await transactWrite(items);
      // The change's correlation id: its CloudEvent id (shared/observability.ts).
      for (const e of [entry, ...more]) correlate(e.id);
    } catch (error) {
      if (idempotency && error instanceof TransactionCanceled && error.failed.includes(idemIndex)) {
        const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.idempotency(idempotency.caller, idempotency.key), ConsistentRead: true }));
        if (Item) throw new IdempotencyKeyUsed(withoutStorage(Item) as unknown as IdempotencyRecord);
      }
      if (error instanceof TransactionCanceled) throw unknownComponents(error.failed, componentIndex, componentWrites) ?? error;
      throw error;
    }
  }

  async get(id: string): Promise<Incident | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.incident(id), ConsistentRead: true }));
    return Item && Item.deleted_at === undefined ? toIncident(Item) : undefined;
  }

  async getDetail(id: string): Promise<IncidentDetail | undefined> {
    const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.incidentPartition(id) }, ConsistentRead: true });
    const meta = items.find((i) => i.sk === keys.incident(id).sk);
    if (!meta || meta.deleted_at !== undefined) return undefined;
    const detail: IncidentDetail = { incident: toIncident(meta), timeline: [], comments: [], assignments: [] };
    for (const item of items) {
      const sk = String(item.sk);
      if (sk.startsWith(keys.timelinePrefix)) detail.timeline.push(withoutStorage(item) as unknown as TimelineEntry);
      else if (sk.startsWith(keys.commentPrefix)) detail.comments.push(withoutStorage(item) as unknown as Comment);
      else if (sk.startsWith(keys.assignmentPrefix)) detail.assignments.push(withoutStorage(item) as unknown as Assignment);
      // Integrations: alerts linked to the incident.
      else if (sk.startsWith(keys.incidentAlertLinkPrefix)) (detail.alerts ??= []).push(withoutStorage(item) as unknown as AlertLink);
    }
    return detail;
  }

  async save(before: Incident, after: Incident, entry: TimelineEntry, options: SaveOptions = {}): Promise<void> {
    const stored = options.deleted
      ? { ...keys.incident(after.id), entity: 'incident', ...after, deleted_at: entry.at, deleted_by: options.deleted.by, [ANALYTICS_COUNTED]: true }
      : incidentItem(after);
    // An incident written before the aggregates (no marker when read) gets its whole contribution
    // added, on the condition that the backfill has not counted it meanwhile (a VersionConflict
    // then: the caller's retry re-reads it, counted).
    const uncounted = isUncounted(before);
    const items: TransactItem[] = [
      {
        Put: {
          TableName: tableName,
          Item: stored,
          ConditionExpression: `#version = :expected AND attribute_not_exists(deleted_at)${uncounted ? ' AND attribute_not_exists(#counted)' : ''}`,
          ExpressionAttributeNames: { '#version': 'version', ...(uncounted ? { '#counted': ANALYTICS_COUNTED } : {}) },
          ExpressionAttributeValues: { ':expected': before.version },
        },
      },
      { Put: { TableName: tableName, Item: timelineItem(entry) } },
    ];
    const summary = summaryUpdate(summaryDeltas(before, options.deleted ? undefined : after));
    if (summary) items.push(summary);
    items.push(...incidentAnalyticsItems(before, options.deleted ? undefined : after));
    const sideIndex = items.length;
    if (options.side) items.push(sideItem(options.side));
    const componentIndex = items.length;
    const componentWrites = incidentComponentItems(before, options.deleted ? undefined : after);
    items.push(...componentWrites.items);
    items.push(...publicStatusItems(before, options.deleted ? undefined : after, [entry]));
    const extraIndex = items.length;
    if (options.extra) items.push(...options.extra);
    try {
      await transactWrite(items);
      correlate(entry.id);
    } catch (error) {
      if (error instanceof TransactionCanceled) {
        if (error.failed.includes(0)) throw new VersionConflict(`incident ${after.id} changed since version ${before.version}`);
        const extraFailed = error.failed.filter((i) => i >= extraIndex).map((i) => i - extraIndex);
        if (extraFailed.length > 0) throw new ExtraWriteRejected(extraFailed);
        if (options.side && error.failed.includes(sideIndex)) throw new SideWriteRejected(options.side?.kind ?? 'side write');
        const unknown = unknownComponents(error.failed, componentIndex, componentWrites);
        if (unknown) throw unknown;
      }
      throw error;
    }
  }

  async addSide(entry: TimelineEntry, side: SideWrite, onBoard = false): Promise<void> {
    const items: TransactItem[] = [
      {
        Update: {
          TableName: tableName,
          Key: keys.incident(entry.incident_id),
          // Commutes with every other side write: no condition on the version, only on existence.
          UpdateExpression: 'SET #updated = :at ADD #version :one',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deleted_at)',
          ExpressionAttributeNames: { '#updated': 'updated_at', '#version': 'version' },
          ExpressionAttributeValues: { ':at': entry.at, ':one': 1 },
        },
      },
      { Put: { TableName: tableName, Item: timelineItem(entry) } },
      sideItem(side),
    ];
    // An active incident that names components has a board copy whose version the component-status
    // decisions condition on: it moves with the incident, or every later raise or move would fail.
    if (onBoard) {
      items.push({
        Update: {
          TableName: tableName,
          Key: keys.boardIncident(entry.incident_id),
          UpdateExpression: 'SET #updated = :at ADD #version :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#updated': 'updated_at', '#version': 'version' },
          ExpressionAttributeValues: { ':at': entry.at, ':one': 1 },
        },
      });
    }
    try {
      await transactWrite(items);
      correlate(entry.id);
    } catch (error) {
      if (error instanceof TransactionCanceled) {
        if (error.failed.includes(0)) throw new IncidentMissing(`incident ${entry.incident_id} does not exist`);
        if (error.failed.includes(2)) throw new SideWriteRejected(side.kind);
        if (error.failed.includes(3)) throw new BoardCopyChanged(entry.incident_id);
      }
      throw error;
    }
  }

  async list(filter: ListFilter, limit: number, cursor: string | undefined): Promise<Page<Incident> & { read: number }> {
    const position = decodeCursor(INCIDENT_PAGES, cursor, filter);
    const statuses = filter.statuses && filter.statuses.length > 0 ? [...new Set(filter.statuses)] : undefined;
    const need = limit + 1;
    const lower = filter.from ? `${filter.from}#` : undefined;
    const upperBound = filter.to ? `${filter.to}#~` : undefined;
    const minMonth = filter.from ? monthOf(filter.from) : undefined;
    let month: string | undefined = position?.m ?? monthOf(filter.to ?? new Date().toISOString());
    let before: string | undefined = position?.s;
    const collected: Item[] = [];
    let evaluated = 0;
    let cut: { m: string; s: string } | undefined;

    const filterExpr = this.filterExpression(filter);

    while (month && collected.length < need && !cut) {
      const partitions: Partition[] = statuses
        ? statuses.map((s) => ({ index: 'gsi2' as const, pk: keys.incidentStatusPartition(s, month as string), done: false }))
        : [{ index: 'gsi1' as const, pk: keys.incidentListPartition(month), done: false }];
      const fromMonth: Item[] = [];
      let lastEvaluated: string | undefined;
      for (const partition of partitions) {
        const remaining = need - collected.length;
        const skName = `${partition.index}sk`;
        const upper = before ?? upperBound;
        const names: Record<string, string> = { '#pk': `${partition.index}pk`, '#sk': skName, ...filterExpr.names };
        const values: Record<string, unknown> = { ':pk': partition.pk, ...filterExpr.values };
        let condition = '#pk = :pk';
        const bounded = before !== undefined || lower !== undefined || upper !== undefined;
        if (!bounded) delete names['#sk'];
        if (before !== undefined && lower === undefined) {
          condition += ' AND #sk < :upper';
          values[':upper'] = before;
        } else if (lower !== undefined && upper !== undefined) {
          condition += ' AND #sk BETWEEN :lower AND :upper';
          values[':lower'] = lower;
          values[':upper'] = upper;
        } else if (lower !== undefined) {
          condition += ' AND #sk >= :lower';
          values[':lower'] = lower;
        } else if (upper !== undefined) {
          condition += ' AND #sk <= :upper';
          values[':upper'] = upper;
        }
        let startKey: Item | undefined;
        let found = 0;
        for (;;) {
          const result = await guardCursor(position, () => db.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: partition.index,
              KeyConditionExpression: condition,
              ...(filterExpr.expression ? { FilterExpression: filterExpr.expression } : {}),
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
              ScanIndexForward: false,
              Limit: remaining - found + (before !== undefined && lower !== undefined ? 1 : 0),
              ...(startKey ? { ExclusiveStartKey: startKey } : {}),
            }),
          ));
          evaluated += result.ScannedCount ?? 0;
          for (const item of result.Items ?? []) {
            if (before !== undefined && String(item[skName]) >= before) continue; // BETWEEN is inclusive
            fromMonth.push(item);
            found += 1;
          }
          startKey = result.LastEvaluatedKey;
          if (!startKey) {
            partition.done = true;
            break;
          }
          if (found >= remaining) break;
          if (evaluated >= MAX_EVALUATED_PER_PAGE) {
            // Stop at a point every partition has been read past, so the next page misses nothing.
            const stoppedAt = String(startKey[skName]);
            lastEvaluated = lastEvaluated === undefined || stoppedAt > lastEvaluated ? stoppedAt : lastEvaluated;
            break;
          }
        }
      }
      fromMonth.sort((a, b) => sortKeyOf(b).localeCompare(sortKeyOf(a)));
      for (const item of fromMonth) {
        if (lastEvaluated !== undefined && sortKeyOf(item) < lastEvaluated) break;
        collected.push(item);
      }
      if (lastEvaluated !== undefined && collected.length < need) {
        cut = { m: month, s: lastEvaluated };
        break;
      }
      if (collected.length >= need || !partitions.every((p) => p.done)) break;
      month = await this.previousMonth(month, minMonth);
      before = undefined;
    }

    const page = collected.slice(0, limit);
    let next: string | null = null;
    if (collected.length > limit) {
      const last = page[page.length - 1] as Item;
      next = encodeCursor(INCIDENT_PAGES, filter, { m: monthOf(String(last.created_at)), s: sortKeyOf(last) });
    } else if (cut) {
      next = encodeCursor(INCIDENT_PAGES, filter, cut);
    }
    return { items: page.map(toIncident), next_cursor: next, read: evaluated };
  }

  private filterExpression(filter: ListFilter): { expression?: string; names: Record<string, string>; values: Record<string, unknown> } {
    const parts: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const anyOf = (attribute: string, list: readonly string[] | undefined) => {
      if (!list || list.length === 0) return;
      names[`#${attribute}`] = attribute;
      const placeholders = list.map((v, i) => {
        values[`:${attribute}${i}`] = v;
        return `:${attribute}${i}`;
      });
      parts.push(`#${attribute} IN (${placeholders.join(', ')})`);
    };
    anyOf('severity', filter.severities);
    anyOf('incident_type', filter.types);
    if (filter.service) {
      names['#services'] = 'affected_services';
      values[':service'] = filter.service;
      parts.push('contains(#services, :service)');
    }
    if (filter.region) {
      names['#regions'] = 'affected_regions';
      values[':region'] = filter.region;
      parts.push('contains(#regions, :region)');
    }
    if (filter.team) {
      names['#team'] = 'assigned_team';
      values[':team'] = filter.team;
      parts.push('#team = :team');
    }
    if (filter.component) {
      names['#components'] = 'components';
      values[':component'] = filter.component;
      parts.push('contains(#components, :component)');
    }
    return parts.length ? { expression: parts.join(' AND '), names, values } : { names, values };
  }

  /** The latest month before `month` in which incidents were created (from the day sequences). */
  private async previousMonth(month: string, minMonth: string | undefined): Promise<string | undefined> {
    const { Items } = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk < :first',
        ExpressionAttributeValues: { ':pk': keys.daySequencePartition, ':first': `${month.replace('-', '')}01` },
        ProjectionExpression: 'sk',
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const day = Items?.[0]?.sk as string | undefined;
    if (!day) return undefined;
    const previous = `${day.slice(0, 4)}-${day.slice(4, 6)}`;
    return minMonth && previous < minMonth ? undefined : previous;
  }

  async comments(id: string, limit: number, cursor: string | undefined): Promise<Page<Comment>> {
    const position = decodeCursor(COMMENT_PAGES, cursor, { comments: id });
    const result = await guardCursor(position, () => db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.incidentPartition(id), ':prefix': keys.commentPrefix },
        Limit: limit,
        ...(position?.sk ? { ExclusiveStartKey: { pk: keys.incidentPartition(id), sk: position.sk } } : {}),
      }),
    ));
    const items = (result.Items ?? []).map((i) => withoutStorage(i) as unknown as Comment);
    const next = result.LastEvaluatedKey ? encodeCursor(COMMENT_PAGES, { comments: id }, { sk: String(result.LastEvaluatedKey.sk) }) : null;
    return { items, next_cursor: next };
  }

  async summary(): Promise<Summary> {
    const shards = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.summaryPartition } });
    const zeroBySeverity = () => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    const summary: Summary = {
      total: 0,
      active: 0,
      by_status: Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>,
      by_severity: zeroBySeverity(),
      active_by_severity: zeroBySeverity(),
      by_status_and_severity: Object.fromEntries(STATUSES.map((s) => [s, zeroBySeverity()])) as Record<Status, Record<Severity, number>>,
    };
    for (const status of STATUSES) {
      for (const severity of SEVERITIES) {
        const n = shards.reduce((sum, shard) => sum + Number(shard[counter(status, severity)] ?? 0), 0);
        summary.by_status_and_severity[status][severity] = n;
        summary.by_status[status] += n;
        summary.by_severity[severity] += n;
        summary.total += n;
        if (ACTIVE_STATUSES.includes(status)) {
          summary.active += n;
          summary.active_by_severity[severity] += n;
        }
      }
    }
    return summary;
  }
}

function sortKeyOf(item: Item): string {
  return timeSortKey(String(item.created_at), String(item.id));
}
