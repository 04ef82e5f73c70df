/**
 * ComponentStore on the single table (keys in shared/store/keys.ts, patterns in
 * docs/data-model.md, "Component status").
 *
 * The board partition `BOARD` holds everything a component-status decision reads: components
 * (`C#<id>`), the per-impact pointers to the active system incident (`P#<impact>`), a copy of every
 * active incident that names components (`I#<id>`, written in the same transaction as the incident
 * itself by shared/store/components/component-items.ts) and maintenance copies (`M#<id>`, expiring by TTL a
 * week after the window ends). One consistent Query reads it; one TransactWriteItems commits a
 * decision, conditional on every version the decision relied on.
 */
import type { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { COMPONENT_FIELDS, type Component } from '#shared/domain/components/component.ts';
import type { BoardState, IncidentWrite, Member, Pointer, StatusImpact } from '#shared/domain/components/component-status.ts';
import type { Incident } from '#shared/domain/incidents/incident.ts';
import type { Maintenance } from '#shared/domain/components/maintenance.ts';
import { db, tableName } from '#shared/store/client.ts';
import { queryAll } from '#shared/store/query.ts';
import { incidentComponentItems } from '#shared/store/components/component-items.ts';
import { publicStatusItems } from '#shared/store/status/public-items.ts';
import {
  BoardChanged,
  DuplicateEvent,
  StaleWrite,
  type AlarmLink,
  type AlarmMapping,
  type AlarmState,
  type ComponentStore,
  type Outage,
  type StatusCommit,
  type StatusSideWrite,
} from '#shared/store/components/component-store.ts';
import * as cz from 'zod/mini';
import { cursorList, decodeCursor, encodeCursor, guardCursor, timeKey } from '#shared/store/cursor.ts';
import { incidentItem, summaryDeltas, summaryUpdate, timelineItem, toIncident } from '#shared/store/incidents/dynamo-incident-store.ts';
import type { Page } from '#shared/store/incidents/incident-store.ts';
import { analyticsDeltas, mergeDeltas, type Deltas } from '#shared/domain/analytics/aggregates.ts';
import { analyticsItems, ANALYTICS_COUNTED, countedBefore, isUncounted } from '#shared/store/analytics/analytics-items.ts';
import { keys, withoutStorage } from '#shared/store/keys.ts';
import { correlate } from '#shared/observability.ts';
import { TransactionCanceled, transactWrite, type TransactItem } from '#shared/store/transact.ts';
import { GroupCommit, type CancellationCode, type CommitPart, type MembershipPart } from '#shared/store/components/group-commit.ts';

/** Maintenance list cursors carry gsi1's LastEvaluatedKey: exactly its four attributes. */
const MAINTENANCE_PAGES = cursorList('maintenances', cz.strictObject({
  pk: cz.string().check(cz.regex(/^MNT#MNT-[0-9A-HJKMNP-TV-Z]{26}$/)),
  sk: cz.literal('#META'),
  gsi1pk: cz.literal('MAINTENANCES'),
  gsi1sk: timeKey(),
}));

type Item = Record<string, unknown>;

/** Board copies of maintenance windows expire this long after the window ends. */
const MAINTENANCE_COPY_TTL_SECONDS = 7 * 24 * 3600;
/** Processed alarm event ids are remembered for two weeks (EventBridge retries for 24 h at most). */
const ALARM_EVENT_TTL_SECONDS = 14 * 24 * 3600;

const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function toComponent(item: Item): Component {
  const out: Item = {};
  for (const field of COMPONENT_FIELDS) out[field] = item[field] ?? null;
  return out as unknown as Component;
}

const toMaintenance = (item: Item): Maintenance => {
  const rest = withoutStorage(item);
  delete rest.status;
  return rest as unknown as Maintenance;
};

const versioned = (expected: number | undefined) =>
  expected === undefined || expected === 0
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expected } };

/** What a cancelled decision transaction means: a duplicate alarm event, a stale board, or a real error. */
function cancelled(error: TransactionCanceledException, codes: readonly CancellationCode[], event: { eventId: string; part: number } | undefined): Error {
  if (event && codes[event.part] === 'ConditionalCheckFailed') return new DuplicateEvent(`event ${event.eventId} was processed before`);
  const failed = [...new Set(codes.filter((c): c is string => c !== undefined && c !== 'None'))];
  // Anything but a failed condition or a conflict (item too large, throughput) is a real error.
  if (failed.some((c) => c !== 'ConditionalCheckFailed' && c !== 'TransactionConflict')) return error;
  const at = codes.flatMap((c, i) => (c === 'ConditionalCheckFailed' ? [i] : []));
  return new BoardChanged(`the board changed (${failed.join(', ') || 'cancelled'}; items ${at.join(', ')})`);
}

function sideItem(side: StatusSideWrite): TransactItem {
  switch (side.kind) {
    case 'alarmEvent':
      return {
        Put: {
          TableName: tableName,
          Item: { ...keys.alarmEvent(side.eventId), entity: 'alarm_event', event_id: side.eventId, alarm_name: side.alarmName, at: side.at, ttl: epoch(side.at) + ALARM_EVENT_TTL_SECONDS },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
    case 'alarmState':
      return { Put: { TableName: tableName, Item: { ...keys.alarmState(side.state.alarm_name), entity: 'alarm_state', ...side.state } } };
    case 'alarmLink':
      return { Put: { TableName: tableName, Item: { ...keys.alarmLink(side.link.incident_id, side.link.alarm_name), entity: 'alarm_link', ...side.link } } };
    case 'componentEvent': {
      const { entry } = side;
      return { Put: { TableName: tableName, Item: { ...keys.componentTimelineEntry(entry.component_id, entry.at, entry.id), entity: 'timeline', ...keys.auditList(entry.at, entry.id), ...entry } } };
    }
  }
}

/**
 * A component joining a system incident, or leaving one that keeps other components, as updates
 * that commute with every other join and leave: the incident item and its board copy get the
 * component's member entry set (`members.<id>`) or removed, and `version` + 1, conditional on what
 * the decision relied on — the incident is still an active system incident of the impact it had,
 * not deleted; the component is not yet a member (join) or is one and has company (leave) — but not
 * on the version. `components`, `affected_services` and `affected_regions` are derived from the
 * members when read (`toIncident`); a join also appends to the stored lists, so that the list
 * filters (`contains(affected_services, …)`) find it. Writes that replace the incident (raises,
 * closes, a move out of an incident it was alone in, a person's edit) stay conditional on the
 * version, which every join and leave bumps: they never lose one. Concurrent joins and leaves of
 * one process are merged into one update (shared/store/components/group-commit.ts).
 */
function membershipParts(before: Incident, after: Incident, write: IncidentWrite): MembershipPart[] {
  const change = { impact: before.impact, now: after.updated_at, join: write.join, leave: write.leave?.component };
  return [
    { kind: 'membership', key: keys.incident(before.id), target: 'incident', ...change },
    { kind: 'membership', key: keys.boardIncident(before.id), target: 'board', ...change },
  ];
}

export class DynamoComponentStore implements ComponentStore {
  /** The board read in flight, and the one queued to start when it returns (see `board`). */
  private reading: Promise<BoardState> | undefined;
  private queued: Promise<BoardState> | undefined;
  /** One decision transaction in flight; the decisions that arrive meanwhile go in the next. */
  private readonly group = new GroupCommit();

  /**
   * The whole board, read by a consistent Query that starts after this call: callers that arrive
   * while a read is in flight share the next one (started as soon as the current one returns), so
   * every caller sees every write that completed before it called, and a burst of N concurrent
   * decisions in one process (the local server, a warm Lambda serving a retry) costs two Queries
   * instead of N. Nothing is cached beyond that: a decision on a board that changed since is
   * caught by the commit's conditions, as with a read of its own. Callers must not mutate it.
   */
  board(): Promise<BoardState> {
    if (!this.reading) return this.startRead();
    this.queued ??= this.reading.then(
      () => this.startRead(),
      () => this.startRead(),
    );
    return this.queued;
  }

  private startRead(): Promise<BoardState> {
    this.queued = undefined;
    const read = this.readBoard();
    this.reading = read;
    const clear = () => {
      if (this.reading === read) this.reading = undefined;
    };
    read.then(clear, clear);
    return read;
  }

  private async readBoard(): Promise<BoardState> {
    const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.boardPartition }, ConsistentRead: true });
    const components: Component[] = [];
    const incidents: BoardState['incidents'][number][] = [];
    const maintenances: Maintenance[] = [];
    const pointers: Partial<Record<StatusImpact, Pointer>> = {};
    const members = new Map<string, Record<string, Member>>();
    for (const item of items) {
      const sk = String(item.sk);
      if (sk.startsWith(keys.componentPrefix)) components.push(toComponent(item));
      else if (sk.startsWith(keys.boardIncidentPrefix)) {
        const incident = toIncident(item);
        incidents.push(incident);
        if (item.members && typeof item.members === 'object') members.set(incident.id, item.members as Record<string, Member>);
      }
      else if (sk.startsWith(keys.boardMaintenancePrefix)) maintenances.push(toMaintenance(item));
      else if (sk.startsWith(keys.systemPointerPrefix)) {
        const impact = Number(sk.slice(keys.systemPointerPrefix.length)) as StatusImpact;
        pointers[impact] = { incident_id: (item.incident_id as string | null | undefined) ?? null, version: Number(item.version) };
      }
    }
    return { components, incidents, maintenances, pointers, members };
  }

  async commit(commit: StatusCommit): Promise<void> {
    const items: TransactItem[] = [];
    const parts: CommitPart[] = [];
    const flush = () => parts.push(...items.splice(0).map((item) => ({ kind: 'item' as const, item })));
    const skip: string[] = [];
    if (commit.component) {
      const { before, after } = commit.component;
      skip.push(after.id);
      items.push({
        Update: {
          TableName: tableName,
          Key: keys.component(after.id),
          UpdateExpression: 'SET #version = :next',
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':next': after.version, ':expected': before.version },
        },
      });
    }
    for (const p of commit.pointers) {
      items.push({
        Put: { TableName: tableName, Item: { ...keys.systemPointer(p.impact), entity: 'system_pointer', impact: p.impact, incident_id: p.incident_id, version: p.expected + 1 }, ...versioned(p.expected) },
      });
    }
    const deltas = new Map<string, number>();
    const analytics: Deltas = new Map();
    for (const w of commit.writes) {
      if ((w.join || w.leave) && w.before) {
        flush();
        parts.push(...membershipParts(w.before, w.after, w));
        for (const entry of w.entries) items.push({ Put: { TableName: tableName, Item: timelineItem(entry) } });
        continue;
      }
      items.push({
        Put: {
          TableName: tableName,
          Item: { ...incidentItem(w.after), ...(w.members ? { members: w.members } : {}) },
          ...(w.before
            ? {
                // Not counted in the analytics yet (shared/store/analytics/analytics-items.ts): counted
                // now, unless the backfill did meanwhile (the decision is stale then: re-read).
                ConditionExpression: `#version = :expected AND attribute_not_exists(deleted_at)${isUncounted(w.before) ? ' AND attribute_not_exists(#counted)' : ''}`,
                ExpressionAttributeNames: { '#version': 'version', ...(isUncounted(w.before) ? { '#counted': ANALYTICS_COUNTED } : {}) },
                ExpressionAttributeValues: { ':expected': w.before.version },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      });
      for (const entry of w.entries) items.push({ Put: { TableName: tableName, Item: timelineItem(entry) } });
      items.push(...incidentComponentItems(w.before, w.after, { skipChecks: skip, ...(w.members ? { boardExtra: { members: w.members } } : {}) }).items);
      items.push(...publicStatusItems(w.before, w.after, w.entries));
      for (const [key, delta] of summaryDeltas(w.before, w.after)) deltas.set(key, (deltas.get(key) ?? 0) + delta);
      mergeDeltas(analytics, analyticsDeltas(countedBefore(w.before), w.after));
    }
    const summary = summaryUpdate(deltas);
    if (summary) items.push(summary);
    items.push(...analyticsItems(analytics));
    flush();
    const eventPart = parts.length;
    const side = commit.side ?? [];
    items.push(...side.map(sideItem), ...(commit.extra ?? []));
    flush();
    if (parts.length === 0) return;
    // A failed condition means the decision is stale, and so most likely does a TransactionConflict
    // (another transaction touched one of the items at the same moment) for a decision that
    // replaces an incident: the caller re-reads the board and decides again instead (with its own
    // back-off). A decision that only joins or creates incidents commutes with its concurrent peers:
    // a conflict is retried with the same items (every condition it relies on is evaluated again).
    await this.group.submit({
      parts,
      commutes: commit.writes.every((w) => w.join !== undefined || w.leave !== undefined || w.before === undefined),
      cancelled: (error, codes) => cancelled(error, codes, side[0]?.kind === 'alarmEvent' ? { eventId: side[0].eventId, part: eventPart } : undefined),
    });
    // The decision's changes' correlation ids: their CloudEvent ids (shared/observability.ts).
    for (const w of commit.writes) for (const e of w.entries) correlate(e.id);
    for (const x of side) if (x.kind === 'componentEvent') correlate(x.entry.id);
  }

  async getComponent(id: string): Promise<Component | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.component(id), ConsistentRead: true }));
    return Item ? toComponent(Item) : undefined;
  }

  async listComponents(): Promise<Component[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.boardPartition, ':prefix': keys.componentPrefix },
      ConsistentRead: true,
    });
    return items.map(toComponent);
  }

  async putComponent(component: Component, expectedVersion?: number): Promise<void> {
    await this.put({ ...keys.component(component.id), entity: 'component', ...component }, expectedVersion);
  }

  async deleteComponent(component: Component): Promise<void> {
    try {
      await db.send(new DeleteCommand({ TableName: tableName, Key: keys.component(component.id), ...versioned(component.version) }));
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') throw new StaleWrite(`component ${component.id} changed`);
      throw error;
    }
  }

  async getMaintenance(id: string): Promise<Maintenance | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.maintenance(id), ConsistentRead: true }));
    return Item ? toMaintenance(Item) : undefined;
  }

  async listMaintenances(limit: number, cursor: string | undefined): Promise<Page<Maintenance>> {
    const position = decodeCursor(MAINTENANCE_PAGES, cursor, { maintenances: true });
    const result = await guardCursor(position, () => db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.maintenanceListPartition },
        ScanIndexForward: false,
        Limit: limit,
        ...(position ? { ExclusiveStartKey: position } : {}),
      }),
    ));
    const last = result.LastEvaluatedKey as { pk: string; sk: '#META'; gsi1pk: 'MAINTENANCES'; gsi1sk: string } | undefined;
    return { items: (result.Items ?? []).map(toMaintenance), next_cursor: last ? encodeCursor(MAINTENANCE_PAGES, { maintenances: true }, last) : null };
  }

  /** The window and its board copy, in one transaction conditional on the version read. */
  async putMaintenance(maintenance: Maintenance, expectedVersion?: number): Promise<void> {
    try {
      await transactWrite([
        { Put: { TableName: tableName, Item: { ...keys.maintenance(maintenance.id), entity: 'maintenance', ...maintenance, ...keys.maintenanceList(maintenance.start_time, maintenance.id) }, ...versioned(expectedVersion) } },
        { Put: { TableName: tableName, Item: { ...keys.boardMaintenance(maintenance.id), entity: 'board_maintenance', ...maintenance, ttl: epoch(maintenance.end_time) + MAINTENANCE_COPY_TTL_SECONDS } } },
      ]);
    } catch (error) {
      if (error instanceof TransactionCanceled) throw new StaleWrite(`maintenance ${maintenance.id} changed`);
      throw error;
    }
  }

  async outages(componentId: string, since: string): Promise<Outage[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND sk >= :since',
      ExpressionAttributeValues: { ':pk': keys.outagePartition(componentId), ':since': since },
    });
    return items.map((i) => withoutStorage(i) as unknown as Outage);
  }

  async alarmMappings(): Promise<AlarmMapping[]> {
    const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.alarmMappingPartition } });
    return items.map((i) => withoutStorage(i) as unknown as AlarmMapping);
  }

  async putAlarmMapping(mapping: AlarmMapping): Promise<void> {
    await this.put({ ...keys.alarmMapping(mapping.kind, mapping.pattern), entity: 'alarm_mapping', ...mapping }, undefined);
  }

  async deleteAlarmMapping(mapping: AlarmMapping): Promise<void> {
    await db.send(new DeleteCommand({ TableName: tableName, Key: keys.alarmMapping(mapping.kind, mapping.pattern) }));
  }

  async alarmState(alarmName: string): Promise<AlarmState | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.alarmState(alarmName), ConsistentRead: true }));
    return Item ? (withoutStorage(Item) as unknown as AlarmState) : undefined;
  }

  async alarmLinks(incidentId: string): Promise<AlarmLink[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.incidentPartition(incidentId), ':prefix': keys.alarmLinkPrefix },
      ConsistentRead: true,
    });
    return items.map((i) => withoutStorage(i) as unknown as AlarmLink);
  }

  async seenAlarmEvent(eventId: string): Promise<boolean> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.alarmEvent(eventId), ConsistentRead: true, ProjectionExpression: 'pk' }));
    return Item !== undefined;
  }

  private async put(item: Item, expectedVersion: number | undefined): Promise<void> {
    try {
      await db.send(new PutCommand({ TableName: tableName, Item: item, ...versioned(expectedVersion) }));
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') throw new StaleWrite(`${String(item.entity)} ${String(item.sk)} exists or changed`);
      throw error;
    }
  }
}
