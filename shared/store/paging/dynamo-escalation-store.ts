/**
 * EscalationStore on the single table (keys in shared/store/keys.ts, patterns in docs/data-model.md).
 *
 * - policies: one partition (`ESCPOLICY`), read whole by the starter with one paginated Query;
 * - an incident's escalation (`INC#<id>` / `ESC#STATE`) and step runs (`ESCRUN#<at>#<id>`) live in
 *   the incident's partition;
 * - timers: `TIMER#<incident>` / `KIND#<kind>`, one per (incident, kind); while pending they carry
 *   gsi3 `TIMERS#PENDING` / `<due>#<name>`, the due-time index the local scheduler polls. Firing or
 *   cancelling removes the gsi3 attributes, so the index holds only pending timers.
 */
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Incident } from '#shared/domain/incidents/incident.ts';
import { policyReferences, type Escalation, type EscalationPolicy, type StepRun, type Timer, type TimerKind } from '#shared/domain/paging/escalation.ts';
import { addReferenceItems, removeReferenceItem } from '#shared/store/paging/dynamo-paging-store.ts';
import { StaleWrite, StillReferenced, UnknownReference } from '#shared/store/paging/paging-store.ts';
import { queryAll } from '#shared/store/query.ts';
import { db, tableName } from '#shared/store/client.ts';
import * as z from 'zod/mini';
import { cursorList, decodeCursor, encodeCursor, guardCursor } from '#shared/store/cursor.ts';

/** Pages of an incident's step runs: the position is the sort key of the last run shown. */
const RUN_PAGES = cursorList('escalation-runs', z.strictObject({ sk: z.string().check(z.maxLength(300), z.regex(/^ESCRUN#[\x21-\x7e]{1,280}$/)) }));
import { toIncident } from '#shared/store/incidents/dynamo-incident-store.ts';
import type { Page } from '#shared/store/incidents/incident-store.ts';
import { keys, withoutStorage } from '#shared/store/keys.ts';
import { EscalationWriteRejected, MAX_POLICIES, type EscalationStore, type EscalationWrite, type FiringContext } from '#shared/store/paging/escalation-store.ts';
import { TransactionCanceled, transactWrite, type TransactItem } from '#shared/store/transact.ts';

type Item = Record<string, unknown>;

const strip = <T>(item: Item): T => withoutStorage(item) as unknown as T;

export function timerItem(timer: Timer): Item {
  return { ...keys.timer(timer.incident_id, timer.kind), entity: 'timer', ...timer, ...(timer.state === 'pending' ? keys.timerDue(timer.due_at, timer.name) : {}) };
}

/** The reference items a policy write adds and removes; returns which item index checks which field. */
function referenceChanges(items: TransactItem[], before: EscalationPolicy | undefined, after: EscalationPolicy): Map<number, { field: string; kind: string; id: string }> {
  const checks = new Map<number, { field: string; kind: string; id: string }>();
  const from = { kind: 'policy', id: after.id };
  const was = before ? policyReferences(before) : { schedules: [], teams: [] };
  const is = policyReferences(after);
  for (const kind of ['schedule', 'team'] as const) {
    const old = new Set(kind === 'schedule' ? was.schedules : was.teams);
    const now = new Set(kind === 'schedule' ? is.schedules : is.teams);
    for (const id of now) {
      if (old.has(id)) continue;
      checks.set(items.length, { field: `a ${kind} target or condition`, kind, id });
      items.push(...addReferenceItems(kind, id, from, after.updated_at));
    }
    for (const id of old) if (!now.has(id)) items.push(removeReferenceItem(kind, id, from));
  }
  return checks;
}

export class DynamoEscalationStore implements EscalationStore {
  async listPolicies(): Promise<EscalationPolicy[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const result = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.escalationPolicyPartition },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
    } while (startKey && items.length < MAX_POLICIES);
    return items.slice(0, MAX_POLICIES).map((i) => strip<EscalationPolicy>(i));
  }

  async getPolicy(id: string): Promise<EscalationPolicy | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.escalationPolicy(id), ConsistentRead: true }));
    return Item ? strip<EscalationPolicy>(Item) : undefined;
  }

  /**
   * A policy and its references (schedules and teams it names) in one transaction: each reference
   * bumps the named entity's `refs_version` conditional on it existing (the on-call store's
   * reference items), so deleting a used schedule or team is refused naming the policy, and a
   * policy naming a deleted one stores nothing.
   */
  async createPolicy(policy: EscalationPolicy): Promise<void> {
    const items: TransactItem[] = [
      { Put: { TableName: tableName, Item: { ...keys.escalationPolicy(policy.id), entity: 'escalation_policy', ...policy }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ];
    const checks = referenceChanges(items, undefined, policy);
    await this.transactPolicy(items, checks);
  }

  async replacePolicy(policy: EscalationPolicy, expectedVersion: number): Promise<boolean> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.escalationPolicy(policy.id), ConsistentRead: true }));
    if (!Item || Item.version !== expectedVersion) return false;
    const before = strip<EscalationPolicy>(Item);
    const refsVersion = Item.refs_version as number | undefined;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: tableName,
          // Keeps `refs_version`, which teams naming this policy bump.
          Item: { ...keys.escalationPolicy(policy.id), entity: 'escalation_policy', ...policy, ...(refsVersion !== undefined ? { refs_version: refsVersion } : {}) },
          ConditionExpression: refsVersion === undefined ? '#version = :v AND attribute_not_exists(refs_version)' : '#version = :v AND refs_version = :rv',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':v': expectedVersion, ...(refsVersion !== undefined ? { ':rv': refsVersion } : {}) },
        },
      },
    ];
    const checks = referenceChanges(items, before, policy);
    try {
      await this.transactPolicy(items, checks);
      return true;
    } catch (error) {
      if (error instanceof StaleWrite) return false;
      throw error;
    }
  }

  /** Refused (StillReferenced) while a team names the policy as its default. */
  async deletePolicy(id: string): Promise<boolean> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.escalationPolicy(id), ConsistentRead: true }));
    if (!Item) return false;
    const policy = strip<EscalationPolicy>(Item);
    const refs = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.referencePartition('policy', id) }, ConsistentRead: true });
    if (refs.length > 0) throw new StillReferenced(refs.map((r) => ({ kind: String(r.kind), id: String(r.id) })));
    const refsVersion = Item.refs_version as number | undefined;
    const from = { kind: 'policy', id };
    const { schedules, teams } = policyReferences(policy);
    try {
      await transactWrite([
        {
          Delete: {
            TableName: tableName,
            Key: keys.escalationPolicy(id),
            ConditionExpression: refsVersion === undefined ? '#version = :v AND attribute_not_exists(refs_version)' : '#version = :v AND refs_version = :rv',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':v': policy.version, ...(refsVersion !== undefined ? { ':rv': refsVersion } : {}) },
          },
        },
        ...schedules.map((s) => removeReferenceItem('schedule', s, from)),
        ...teams.map((t) => removeReferenceItem('team', t, from)),
      ]);
    } catch (error) {
      if (error instanceof TransactionCanceled) throw new StaleWrite(`policy ${id} changed or gained a reference`);
      throw error;
    }
    return true;
  }

  private async transactPolicy(items: TransactItem[], checks: Map<number, { field: string; kind: string; id: string }>): Promise<void> {
    try {
      await transactWrite(items);
    } catch (error) {
      if (!(error instanceof TransactionCanceled)) throw error;
      const unknown = error.failed.map((i) => checks.get(i)).find((c) => c !== undefined);
      if (unknown) throw new UnknownReference(unknown.field, unknown.kind, unknown.id);
      throw new StaleWrite('policy exists or changed');
    }
  }

  async load(incidentId: string, kinds: readonly TimerKind[]): Promise<FiringContext> {
    let requested: Item[] = [keys.incident(incidentId), keys.escalation(incidentId), ...kinds.map((k) => keys.timer(incidentId, k))];
    const found: Item[] = [];
    for (let attempt = 0; requested.length > 0; attempt++) {
      const result = await db.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: requested, ConsistentRead: true } } }));
      found.push(...(result.Responses?.[tableName] ?? []));
      requested = (result.UnprocessedKeys?.[tableName]?.Keys as Item[] | undefined) ?? [];
      if (requested.length > 0) {
        if (attempt >= 5) throw new Error(`BatchGetItem left ${requested.length} keys unprocessed`);
        await new Promise((r) => setTimeout(r, 10 * 2 ** attempt));
      }
    }
    let incident: Incident | undefined;
    let escalation: Escalation | undefined;
    const timers: FiringContext['timers'] = {};
    for (const item of found) {
      if (item.entity === 'incident') incident = item.deleted_at === undefined ? toIncident(item) : undefined;
      else if (item.entity === 'escalation') escalation = strip<Escalation>(item);
      else if (item.entity === 'timer') {
        const timer = strip<Timer>(item);
        timers[timer.kind] = timer;
      }
    }
    return { incident, escalation, timers };
  }

  writeItems(write: EscalationWrite): TransactItem[] {
    const items: TransactItem[] = [];
    if (write.escalation) {
      const { after, expectedVersion } = write.escalation;
      items.push({
        Put: {
          TableName: tableName,
          Item: { ...keys.escalation(after.incident_id), entity: 'escalation', ...after },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: '#version = :v', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':v': expectedVersion } }),
        },
      });
    }
    if (write.run) {
      const run = write.run;
      items.push({ Put: { TableName: tableName, Item: { ...keys.escalationRun(run.incident_id, run.at, run.id), entity: 'escalation_run', ...run }, ConditionExpression: 'attribute_not_exists(pk)' } });
    }
    const armed = new Set((write.arm ?? []).map((t) => t.kind));
    for (const { ref, state } of write.settle ?? []) {
      // A timer re-armed in the same write is replaced by its Put (one item, one operation); its
      // condition moves onto that Put.
      const condition = {
        ConditionExpression: '#state = :pending AND #token = :token AND #seq = :seq',
        ExpressionAttributeNames: { '#state': 'state', '#token': 'token', '#seq': 'seq' },
      };
      const values = { ':pending': 'pending', ':token': ref.token, ':seq': ref.seq };
      if (armed.has(ref.kind)) {
        const timer = (write.arm ?? []).find((t) => t.kind === ref.kind) as Timer;
        items.push({ Put: { TableName: tableName, Item: timerItem(timer), ...condition, ExpressionAttributeValues: values } });
        continue;
      }
      items.push({
        Update: {
          TableName: tableName,
          Key: keys.timer(ref.incident_id, ref.kind),
          UpdateExpression: 'SET #state = :state REMOVE gsi3pk, gsi3sk',
          ...condition,
          ExpressionAttributeNames: { ...condition.ExpressionAttributeNames },
          ExpressionAttributeValues: { ...values, ':state': state },
        },
      });
    }
    const settled = new Set((write.settle ?? []).map((s) => s.ref.kind));
    for (const timer of write.arm ?? []) {
      if (settled.has(timer.kind)) continue;
      items.push({ Put: { TableName: tableName, Item: timerItem(timer) } });
    }
    return items;
  }

  async commit(write: EscalationWrite): Promise<void> {
    const items = this.writeItems(write);
    if (items.length === 0) return;
    try {
      await transactWrite(items);
    } catch (error) {
      if (error instanceof TransactionCanceled) throw new EscalationWriteRejected(error.message);
      throw error;
    }
  }

  async listRuns(incidentId: string, limit: number, cursor: string | undefined): Promise<Page<StepRun>> {
    const query = { escalations: incidentId };
    const position = decodeCursor(RUN_PAGES, cursor, query);
    const pk = keys.incidentPartition(incidentId);
    const result = await guardCursor(position, () =>
      db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': keys.escalationRunPrefix },
          Limit: limit,
          ...(position?.sk ? { ExclusiveStartKey: { pk, sk: position.sk } } : {}),
        }),
      ),
    );
    return {
      items: (result.Items ?? []).map((i) => strip<StepRun>(i)),
      next_cursor: result.LastEvaluatedKey ? encodeCursor(RUN_PAGES, query, { sk: String(result.LastEvaluatedKey.sk) }) : null,
    };
  }

  async armIfNewer(timer: Timer): Promise<{ armed: boolean; replaced: Timer | undefined }> {
    try {
      const result = await db.send(
        new PutCommand({
          TableName: tableName,
          Item: timerItem(timer),
          ConditionExpression: 'attribute_not_exists(pk) OR #token < :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': timer.token },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const old = result.Attributes ? strip<Timer>(result.Attributes) : undefined;
      return { armed: true, replaced: old?.state === 'pending' ? old : undefined };
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return { armed: false, replaced: undefined };
      throw error;
    }
  }

  async dueTimers(until: string, limit: number): Promise<Timer[]> {
    const result = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :until',
        ExpressionAttributeValues: { ':pk': keys.timerDuePartition, ':until': `${until}#~` },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((i) => strip<Timer>(i));
  }

  async ackLinkUsed(nonceHash: string): Promise<{ used_at: string } | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.ackLinkUse(nonceHash), ConsistentRead: true }));
    return Item ? { used_at: String(Item.used_at) } : undefined;
  }

  async useAckLink(nonceHash: string, details: { incident: string; user: string; at: string; ttl: number }): Promise<boolean> {
    try {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.ackLinkUse(nonceHash), entity: 'ack_link_use', incident_id: details.incident, user: details.user, used_at: details.at, ttl: details.ttl },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
