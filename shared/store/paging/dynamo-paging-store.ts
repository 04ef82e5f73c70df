/**
 * PagingStore on the single table (keys in shared/store/keys.ts, patterns in docs/data-model.md,
 * "Paging").
 *
 * References ("team payments uses schedule SCH-…") are items `REFS#<kind>#<id> / <fromKind>#<fromId>`
 * in the referenced entity's own partition, written in the same transaction as the entity that
 * holds the reference. That transaction also bumps `refs_version` on the referenced item,
 * conditional on the item existing (so a reference to an unknown entity stores nothing), and a
 * delete is conditional on the `refs_version` it read before it queried the references: a reference
 * added between the Query and the Delete cancels the delete, which then re-reads and refuses with
 * 409. Entity edits use UpdateItem on their own fields, so they never overwrite `refs_version`.
 */
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SCHEDULE_FIELDS, type Schedule } from '#shared/domain/paging/schedule.ts';
import { TEAM_FIELDS, type Team } from '#shared/domain/paging/team.ts';
import { db, tableName } from '#shared/store/client.ts';
import * as z from 'zod/mini';
import { InvalidInputError } from '#shared/domain/errors.ts';
import { cursorList, decodeCursor, encodeCursor, guardCursor } from '#shared/store/cursor.ts';

/** Pages of one small partition (teams, schedules): the position is the last item's key, bounded. */
const pageKey = z.string().check(z.minLength(1), z.maxLength(300));
const PARTITION_PAGES = { teams: cursorList('teams', z.strictObject({ pk: pageKey, sk: pageKey })), schedules: cursorList('schedules', z.strictObject({ pk: pageKey, sk: pageKey })) } as const;
import type { Page } from '#shared/store/incidents/incident-store.ts';
import { keys, type Key } from '#shared/store/keys.ts';
import { StaleWrite, StillReferenced, UnknownReference, type CalendarSecret, type PagingStore, type Reference } from '#shared/store/paging/paging-store.ts';
import { queryAll } from '#shared/store/query.ts';
import { TransactionCanceled, transactWrite, type TransactItem } from '#shared/store/transact.ts';

type Item = Record<string, unknown>;

/**
 * The references a team holds, by field. The escalation capability adds
 * `{ field: 'escalation_policy_id', kind: 'policy' }` here (and `policy` to `referencedKey`) once
 * policies exist, which makes an unknown policy a 400 and a used policy undeletable.
 */
export const TEAM_REFERENCES: readonly { readonly field: 'schedule_id' | 'escalation_policy_id'; readonly kind: string }[] = [
  { field: 'schedule_id', kind: 'schedule' },
  // Paging escalation: a team's default escalation policy.
  { field: 'escalation_policy_id', kind: 'policy' },
];

/** The item key of a referenceable entity. */
export function referencedKey(kind: string, id: string): Key {
  switch (kind) {
    case 'schedule':
      return keys.schedule(id);
    case 'team':
      return keys.team(id);
    // Paging escalation: escalation policies (shared/store/paging/dynamo-escalation-store.ts).
    case 'policy':
      return keys.escalationPolicy(id);
    default:
      throw new Error(`unknown referenced kind ${kind}`);
  }
}

function pick<T>(item: Item, fields: readonly string[]): T {
  const out: Item = {};
  for (const field of fields) out[field] = item[field] ?? null;
  return out as T;
}

const toTeam = (item: Item): Team => pick<Team>(item, TEAM_FIELDS);
const toSchedule = (item: Item): Schedule => pick<Schedule>(item, SCHEDULE_FIELDS);

/**
 * The transaction items that add a reference `from` → (`kind`, `id`): bump the target's
 * `refs_version` (fails when the target does not exist) and put the reference item. Exported for
 * the escalation capability's policy writes.
 */
export function addReferenceItems(kind: string, id: string, from: Reference, at: string): TransactItem[] {
  return [
    {
      Update: {
        TableName: tableName,
        Key: referencedKey(kind, id),
        UpdateExpression: 'SET refs_version = if_not_exists(refs_version, :zero) + :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
      },
    },
    { Put: { TableName: tableName, Item: { ...keys.reference(kind, id, from.kind, from.id), entity: 'reference', kind: from.kind, id: from.id, target_kind: kind, target_id: id, created_at: at } } },
  ];
}

export function removeReferenceItem(kind: string, id: string, from: Reference): TransactItem {
  return { Delete: { TableName: tableName, Key: keys.reference(kind, id, from.kind, from.id) } };
}

const isConditionFailure = (error: unknown): boolean => (error as Error).name === 'ConditionalCheckFailedException';

export class DynamoPagingStore implements PagingStore {
  async getTeam(id: string): Promise<Team | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.team(id), ConsistentRead: true }));
    return Item ? toTeam(Item) : undefined;
  }

  async getTeams(ids: readonly string[]): Promise<Team[]> {
    const unique = [...new Set(ids)];
    const out: Team[] = [];
    for (let i = 0; i < unique.length; i += 100) {
      let request: Record<string, { Keys: Key[]; ConsistentRead: boolean }> | undefined = {
        [tableName]: { Keys: unique.slice(i, i + 100).map((id) => keys.team(id)), ConsistentRead: true },
      };
      for (let attempt = 0; request && Object.keys(request).length > 0 && attempt < 5; attempt++) {
        const result = await db.send(new BatchGetCommand({ RequestItems: request }));
        out.push(...(result.Responses?.[tableName] ?? []).map(toTeam));
        request = result.UnprocessedKeys as typeof request;
      }
    }
    return out;
  }

  listTeams(limit: number, cursor: string | undefined): Promise<Page<Team>> {
    return this.page(keys.teamPartition, 'teams', limit, cursor, toTeam);
  }

  async putTeam(team: Team, before?: Team): Promise<void> {
    // An edit is an UpdateItem of the team's own fields, so it keeps the `refs_version` others bump.
    const items: TransactItem[] = [
      before
        ? { Update: teamUpdate(team, before.version) }
        : { Put: { TableName: tableName, Item: { ...keys.team(team.id), entity: 'team', ...team }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ];
    const checks = new Map<number, { field: string; kind: string; id: string }>();
    const from: Reference = { kind: 'team', id: team.id };
    for (const { field, kind } of TEAM_REFERENCES) {
      const was = before?.[field] ?? null;
      const is = team[field];
      if (was === is) continue;
      if (is !== null) {
        checks.set(items.length, { field, kind, id: is });
        items.push(...addReferenceItems(kind, is, from, team.updated_at));
      }
      if (was !== null) items.push(removeReferenceItem(kind, was, from));
    }
    try {
      await transactWrite(items);
    } catch (error) {
      if (!(error instanceof TransactionCanceled)) throw error;
      const unknown = error.failed.map((i) => checks.get(i)).find((c) => c !== undefined);
      if (unknown) throw new UnknownReference(unknown.field, unknown.kind, unknown.id);
      throw new StaleWrite(`team ${team.id} exists or changed`);
    }
  }

  async deleteTeam(team: Team): Promise<void> {
    await this.deleteReferenced('team', team.id, team.version, (refsVersion) => {
      const from: Reference = { kind: 'team', id: team.id };
      return [
        { Delete: { TableName: tableName, Key: keys.team(team.id), ...deleteCondition(team.version, refsVersion) } },
        ...TEAM_REFERENCES.flatMap(({ field, kind }) => (team[field] !== null ? [removeReferenceItem(kind, team[field], from)] : [])),
      ];
    });
  }

  async getSchedule(id: string): Promise<Schedule | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.schedule(id), ConsistentRead: true }));
    return Item ? toSchedule(Item) : undefined;
  }

  listSchedules(limit: number, cursor: string | undefined): Promise<Page<Schedule>> {
    return this.page(keys.schedulePartition, 'schedules', limit, cursor, toSchedule);
  }

  async putSchedule(schedule: Schedule, expectedVersion?: number): Promise<void> {
    try {
      if (expectedVersion === undefined) {
        await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.schedule(schedule.id), entity: 'schedule', ...schedule }, ConditionExpression: 'attribute_not_exists(pk)' }));
        return;
      }
      const { name, description, rotations, overrides, updated_at, version } = schedule;
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.schedule(schedule.id),
          UpdateExpression: 'SET #name = :name, description = :description, rotations = :rotations, overrides = :overrides, updated_at = :updated_at, #version = :version',
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#name': 'name', '#version': 'version' },
          ExpressionAttributeValues: { ':name': name, ':description': description, ':rotations': rotations, ':overrides': overrides, ':updated_at': updated_at, ':version': version, ':expected': expectedVersion },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new StaleWrite(`schedule ${schedule.id} exists or changed`);
      throw error;
    }
  }

  async deleteSchedule(schedule: Schedule): Promise<void> {
    await this.deleteReferenced('schedule', schedule.id, schedule.version, (refsVersion) => [
      { Delete: { TableName: tableName, Key: keys.schedule(schedule.id), ...deleteCondition(schedule.version, refsVersion) } },
    ]);
  }

  async referencesTo(kind: string, id: string): Promise<Reference[]> {
    const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.referencePartition(kind, id) }, ConsistentRead: true });
    return items.map((i) => ({ kind: String(i.kind), id: String(i.id) }));
  }

  async getCalendarSecret(userId: string): Promise<CalendarSecret | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.calendarSecret(userId), ConsistentRead: true }));
    return Item ? { user_id: String(Item.user_id), secret_hash: String(Item.secret_hash), created_at: String(Item.created_at) } : undefined;
  }

  async putCalendarSecret(secret: CalendarSecret): Promise<void> {
    await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.calendarSecret(secret.user_id), entity: 'calendar_secret', ...secret } }));
  }

  async deleteCalendarSecret(userId: string): Promise<boolean> {
    const { Attributes } = await db.send(new DeleteCommand({ TableName: tableName, Key: keys.calendarSecret(userId), ReturnValues: 'ALL_OLD' }));
    return Attributes !== undefined;
  }

  /**
   * Read the entity's `refs_version`, Query its references (refuse when there are any), then commit
   * the delete conditional on both versions; a reference added meanwhile fails the condition.
   */
  private async deleteReferenced(kind: string, id: string, version: number, deleteItems: (refsVersion: number | undefined) => TransactItem[]): Promise<void> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: referencedKey(kind, id), ConsistentRead: true, ProjectionExpression: 'refs_version, #version', ExpressionAttributeNames: { '#version': 'version' } }));
    if (!Item || Item.version !== version) throw new StaleWrite(`${kind} ${id} changed`);
    const refs = await this.referencesTo(kind, id);
    if (refs.length > 0) throw new StillReferenced(refs);
    try {
      await transactWrite(deleteItems(Item.refs_version as number | undefined));
    } catch (error) {
      if (error instanceof TransactionCanceled) throw new StaleWrite(`${kind} ${id} changed or gained a reference`);
      throw error;
    }
  }

  private async page<T>(partition: string, name: 'teams' | 'schedules', limit: number, cursor: string | undefined, map: (item: Item) => T): Promise<Page<T>> {
    const list = PARTITION_PAGES[name];
    const position = decodeCursor(list, cursor, { [name]: true });
    // A position from another partition is a forged cursor: the same 400 as any other.
    if (position && position.pk !== partition) throw new InvalidInputError('cursor is not valid: pass the next_cursor of a previous page unchanged.');
    const result = await guardCursor(position, () =>
      db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': partition },
          Limit: limit,
          ...(position ? { ExclusiveStartKey: position } : {}),
        }),
      ),
    );
    const last = result.LastEvaluatedKey as { pk: string; sk: string } | undefined;
    return { items: (result.Items ?? []).map(map), next_cursor: last ? encodeCursor(list, { [name]: true }, { pk: last.pk, sk: last.sk }) : null };
  }
}

function deleteCondition(version: number, refsVersion: number | undefined) {
  return refsVersion === undefined
    ? { ConditionExpression: '#version = :version AND attribute_not_exists(refs_version)', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': version } }
    : { ConditionExpression: '#version = :version AND refs_version = :refs', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': version, ':refs': refsVersion } };
}

/** The team's own fields as an UpdateItem, conditional on the version read (keeps `refs_version`). */
function teamUpdate(team: Team, expected: number) {
  const fields = TEAM_FIELDS.filter((f) => f !== 'id' && f !== 'created_at');
  return {
    TableName: tableName,
    Key: keys.team(team.id),
    UpdateExpression: `SET ${fields.map((f) => `#${f} = :${f}`).join(', ')}`,
    ConditionExpression: '#version = :expected',
    ExpressionAttributeNames: Object.fromEntries(fields.map((f) => [`#${f}`, f])),
    ExpressionAttributeValues: { ...Object.fromEntries(fields.map((f) => [`:${f}`, team[f]])), ':expected': expected },
  };
}
