/**
 * The audit trail (`GET /v1/events`): timeline entries, newest first, read by Query only.
 * - with `incident`: the incident's partition, `sk BETWEEN TL#<from> AND TL#<to>~`, descending;
 * - otherwise: gsi1 `EVENTS#<yyyy-mm>` partitions from the newest month of the range backwards.
 *   The first month that can hold events is the month of the first incident (the oldest day
 *   sequence, one Query); at most MAX_MONTHS_PER_PAGE empty months are walked per request before a
 *   cursor is returned, so a sparse history costs bounded reads per page.
 * A type filter is a FilterExpression; evaluation stops after MAX_EVALUATED items per request,
 * with a cursor that loses nothing.
 */
import { firstIncidentMonth } from '#shared/store/query.ts';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#shared/store/client.ts';
import * as z from 'zod/mini';
import { cursorList, decodeCursor, encodeCursor, guardCursor, month as monthField, timeKey } from '#shared/store/cursor.ts';
import type { Page } from '#shared/store/incidents/incident-store.ts';
import { keys, monthOf, withoutStorage } from '#shared/store/keys.ts';

export interface AuditFilter {
  incident?: string | undefined;
  /** Timeline types (`incident.resolved`). */
  types?: string[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export type AuditEntry = Record<string, unknown> & { id: string; type: string; at: string };

const MAX_EVALUATED = 1000;
const MAX_MONTHS_PER_PAGE = 24;

type Item = Record<string, unknown>;

/** One incident's events: the timeline sort key of the last entry returned. */
const INCIDENT_EVENT_PAGES = cursorList('incident-events', z.strictObject({ sk: timeKey(keys.timelinePrefix) }));
/** Every event: the month being read and, within it, the gsi1 sort key to go on below. */
const EVENT_PAGES = cursorList('events', z.strictObject({ m: monthField(), s: z.optional(timeKey()) }));

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 2, 1));
  return d.toISOString().slice(0, 7);
}

/** The entry as the API shows it: without the incident snapshot (that is what GET /v1/incidents/{id} is for). */
function toEntry(item: Item): AuditEntry {
  const { incident: _snapshot, component: _component, ...rest } = withoutStorage(item);
  return rest as AuditEntry;
}

export class DynamoAuditStore {
  async list(filter: AuditFilter, limit: number, cursor: string | undefined): Promise<Page<AuditEntry>> {
    return filter.incident ? this.listIncident(filter, filter.incident, limit, cursor) : this.listAll(filter, limit, cursor);
  }

  private typeFilter(filter: AuditFilter): { FilterExpression?: string; names: Record<string, string>; values: Record<string, unknown> } {
    if (!filter.types || filter.types.length === 0) return { names: {}, values: {} };
    const values: Record<string, unknown> = {};
    const placeholders = filter.types.map((t, i) => {
      values[`:t${i}`] = t;
      return `:t${i}`;
    });
    return { FilterExpression: `#type IN (${placeholders.join(', ')})`, names: { '#type': 'type' }, values };
  }

  private async listIncident(filter: AuditFilter, incident: string, limit: number, cursor: string | undefined): Promise<Page<AuditEntry>> {
    const position = decodeCursor(INCIDENT_EVENT_PAGES, cursor, filter);
    const pk = keys.incidentPartition(incident);
    const f = this.typeFilter(filter);
    const lower = `${keys.timelinePrefix}${filter.from ?? ''}`;
    const upper = `${keys.timelinePrefix}${filter.to ?? ''}~`;
    const items: Item[] = [];
    let startKey: Item | undefined = position?.sk ? { pk, sk: position.sk } : undefined;
    let evaluated = 0;
    do {
      const result = await guardCursor(position, () => db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
          ExpressionAttributeValues: { ':pk': pk, ':lower': lower, ':upper': upper, ...f.values },
          ...(f.FilterExpression ? { FilterExpression: f.FilterExpression, ExpressionAttributeNames: f.names } : {}),
          ScanIndexForward: false,
          Limit: limit - items.length,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      ));
      evaluated += result.ScannedCount ?? 0;
      items.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
    } while (startKey && items.length < limit && evaluated < MAX_EVALUATED);
    const last = items[items.length - 1];
    const next = items.length >= limit && last ? String(last.sk) : startKey ? String(startKey.sk) : undefined;
    return { items: items.map(toEntry), next_cursor: next ? encodeCursor(INCIDENT_EVENT_PAGES, filter, { sk: next }) : null };
  }

  private async listAll(filter: AuditFilter, limit: number, cursor: string | undefined): Promise<Page<AuditEntry>> {
    const position = decodeCursor(EVENT_PAGES, cursor, filter);
    const f = this.typeFilter(filter);
    const firstMonth = await this.firstMonth();
    if (!firstMonth) return { items: [], next_cursor: null };
    const floor = filter.from && monthOf(filter.from) > firstMonth ? monthOf(filter.from) : firstMonth;
    const lower = filter.from ? `${filter.from}#` : undefined;
    const upper = filter.to ? `${filter.to}#~` : undefined;
    const need = limit + 1;
    let month = position?.m ?? monthOf(filter.to ?? new Date().toISOString());
    let before = position?.s; // gsi1sk of the last item already returned (exclusive)
    const items: Item[] = [];
    let evaluated = 0;
    let months = 0;
    const page = (next: { m: string; s?: string } | undefined) => ({ items: items.slice(0, limit).map(toEntry), next_cursor: next ? encodeCursor(EVENT_PAGES, filter, next) : null });

    while (month >= floor && items.length < need) {
      if (months >= MAX_MONTHS_PER_PAGE) return page({ m: month });
      months += 1;
      const hi = before ?? upper;
      let condition = '#pk = :pk';
      const values: Record<string, unknown> = { ':pk': keys.auditListPartition(month), ...f.values };
      if (lower !== undefined && hi !== undefined) {
        condition += ' AND #sk BETWEEN :lower AND :upper';
        Object.assign(values, { ':lower': lower, ':upper': hi });
      } else if (hi !== undefined) {
        condition += ' AND #sk <= :upper';
        values[':upper'] = hi;
      } else if (lower !== undefined) {
        condition += ' AND #sk >= :lower';
        values[':lower'] = lower;
      }
      let startKey: Item | undefined;
      for (;;) {
        const result = await guardCursor(position, () => db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: condition,
            ExpressionAttributeNames: { '#pk': 'gsi1pk', ...(condition.includes('#sk') ? { '#sk': 'gsi1sk' } : {}), ...f.names },
            ExpressionAttributeValues: values,
            ...(f.FilterExpression ? { FilterExpression: f.FilterExpression } : {}),
            ScanIndexForward: false,
            Limit: need - items.length + (before !== undefined ? 1 : 0),
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        ));
        evaluated += result.ScannedCount ?? 0;
        for (const item of result.Items ?? []) {
          if (before !== undefined && String(item.gsi1sk) >= before) continue; // <= and BETWEEN are inclusive
          if (items.length < need) items.push(item);
        }
        startKey = result.LastEvaluatedKey;
        if (!startKey || items.length >= need) break;
        // Budget spent: everything above startKey in this month has been read; go on from there.
        if (evaluated >= MAX_EVALUATED) return page({ m: month, s: String(startKey.gsi1sk) });
      }
      if (items.length >= need) break;
      month = previousMonth(month);
      before = undefined;
    }
    const last = items[limit - 1];
    return page(items.length > limit && last ? { m: monthOf(String(last.at)), s: String(last.gsi1sk) } : undefined);
  }

  /** The month of the first incident: no events can be older. */
  private firstMonth(): Promise<string | undefined> {
    return firstIncidentMonth();
  }
}
