/**
 * AutomationStore on the single table (keys in shared/store/keys.ts, patterns in docs/data-model.md).
 *
 * - rules: one partition (`AUTORESP`), read whole by the reactor with one paginated Query;
 * - executions: in the incident's partition (`INC#<id>` / `AREXEC#<trigger>#<rule>`), so the key IS
 *   the exactly-once guard: the start is a put conditional on the key not existing;
 * - an SSM automation execution id points back to its execution (`AREXT#<id>`), for the status events.
 */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { AutomatedResponseRule, Execution } from '#shared/domain/automation/automated-response.ts';
import type { TimelineEntry } from '#shared/domain/incidents/incident.ts';
import { MAX_RULES, type AutomationStore, type ExecutionRef } from '#shared/store/automation/automation-store.ts';
import { db, tableName } from '#shared/store/client.ts';
import { timelineItem } from '#shared/store/incidents/dynamo-incident-store.ts';
import { keys, withoutStorage } from '#shared/store/keys.ts';
import { queryAll } from '#shared/store/query.ts';
import { TransactionCanceled, transactWrite, type TransactItem } from '#shared/store/transact.ts';

type Item = Record<string, unknown>;
const strip = <T>(item: Item): T => withoutStorage(item) as unknown as T;

const isConditionFailure = (error: unknown): boolean => error instanceof ConditionalCheckFailedException;

export class DynamoAutomationStore implements AutomationStore {
  async listRules(): Promise<AutomatedResponseRule[]> {
    const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.automatedResponsePartition }, ConsistentRead: true });
    return items.slice(0, MAX_RULES).map((i) => strip<AutomatedResponseRule>(i));
  }

  async getRule(id: string): Promise<AutomatedResponseRule | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.automatedResponse(id), ConsistentRead: true }));
    return Item ? strip<AutomatedResponseRule>(Item) : undefined;
  }

  async createRule(rule: AutomatedResponseRule): Promise<void> {
    await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.automatedResponse(rule.id), entity: 'automated_response', ...rule }, ConditionExpression: 'attribute_not_exists(pk)' }));
  }

  async replaceRule(rule: AutomatedResponseRule, expectedVersion: number): Promise<boolean> {
    try {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.automatedResponse(rule.id), entity: 'automated_response', ...rule },
          ConditionExpression: 'attribute_exists(pk) AND #v = :v',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':v': expectedVersion },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async deleteRule(id: string): Promise<boolean> {
    try {
      await db.send(new DeleteCommand({ TableName: tableName, Key: keys.automatedResponse(id), ConditionExpression: 'attribute_exists(pk)' }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async startExecution(execution: Execution): Promise<boolean> {
    try {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.automationExecution(execution.incident_id, execution.trigger, execution.rule_id), entity: 'automation_execution', ...execution },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async getExecution(ref: ExecutionRef): Promise<Execution | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.automationExecution(ref.incident_id, ref.trigger, ref.rule_id), ConsistentRead: true }));
    return Item ? strip<Execution>(Item) : undefined;
  }

  async updateExecution(after: Execution, expectedVersion: number, entry: TimelineEntry | undefined, externalId?: string): Promise<boolean> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.automationExecution(after.incident_id, after.trigger, after.rule_id), entity: 'automation_execution', ...after },
          ConditionExpression: '#v = :v',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':v': expectedVersion },
        },
      },
    ];
    if (entry) items.push({ Put: { TableName: tableName, Item: timelineItem(entry), ConditionExpression: 'attribute_not_exists(pk)' } });
    if (externalId) {
      const ref: ExecutionRef = { incident_id: after.incident_id, trigger: after.trigger, rule_id: after.rule_id };
      items.push({ Put: { TableName: tableName, Item: { ...keys.automationExternalId(externalId), entity: 'automation_external_id', ...ref } } });
    }
    try {
      await transactWrite(items);
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceled) return false;
      throw error;
    }
  }

  async listExecutions(incidentId: string): Promise<Execution[]> {
    const items = await queryAll(
      { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': keys.incidentPartition(incidentId), ':prefix': keys.automationExecutionPrefix }, ConsistentRead: true },
    );
    return items.map((i) => strip<Execution>(i)).sort((a, b) => a.started_at.localeCompare(b.started_at) || a.id.localeCompare(b.id));
  }

  async findByExternalId(externalId: string): Promise<ExecutionRef | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.automationExternalId(externalId), ConsistentRead: true }));
    if (!Item) return undefined;
    return { incident_id: String(Item.incident_id), trigger: String(Item.trigger), rule_id: String(Item.rule_id) };
  }
}
