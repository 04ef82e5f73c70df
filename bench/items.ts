/**
 * What the "direct" side of the create comparison sends: the store's own item builders, and the
 * two update inputs with the table name as a parameter (the store's is fixed at module load).
 * create.ts checks them against an item the real store wrote and fails the run if they differ.
 */
import type { Incident } from '#shared/domain/incidents/incident.ts';
import { keys, SUMMARY_SHARDS } from '#shared/store/keys.ts';

/** The incident and timeline items exactly as the store writes them. */
export { incidentItem, timelineItem } from '#shared/store/incidents/dynamo-incident-store.ts';

/** The summary aggregate update of a create: +1 on one counter of a random shard. */
export function summaryAdd(tableName: string, incident: Incident) {
  return {
    Update: {
      TableName: tableName,
      Key: keys.summaryShard(Math.floor(Math.random() * SUMMARY_SHARDS)),
      UpdateExpression: 'SET #entity = :entity ADD #a0 :d0',
      ExpressionAttributeNames: { '#entity': 'entity', '#a0': `n_${incident.status}_${incident.severity}` },
      ExpressionAttributeValues: { ':entity': 'summary', ':d0': 1 },
    },
  };
}

/** The day-sequence UpdateItem of DynamoIncidentStore.nextSequence. */
export function nextSequenceInput(tableName: string, day: string) {
  return {
    TableName: tableName,
    Key: keys.daySequence(day),
    UpdateExpression: 'SET #entity = :entity ADD seq :one',
    ExpressionAttributeNames: { '#entity': 'entity' },
    ExpressionAttributeValues: { ':one': 1, ':entity': 'sequence' },
    ReturnValues: 'UPDATED_NEW' as const,
  };
}
