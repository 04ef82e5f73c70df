/**
 * The item shapes DynamoIncidentStore writes, replicated for the "direct" side of the create
 * comparison (its builders are private). Keys come from shared/store/keys.ts, the one owner of
 * keys, so only the attribute layout is copied; create.ts checks the copy against an item the
 * real store wrote and fails the run if they differ.
 */
import type { Incident, TimelineEntry } from '#shared/domain/incident.ts';
import { keys, SUMMARY_SHARDS } from '#shared/store/keys.ts';

type Item = Record<string, unknown>;

export function incidentItem(incident: Incident): Item {
  return {
    ...keys.incident(incident.id),
    entity: 'incident',
    ...incident,
    ...keys.incidentList(incident.created_at, incident.id),
    ...keys.incidentStatusList(incident.status, incident.created_at, incident.id),
  };
}

export function timelineItem(entry: TimelineEntry): Item {
  return { ...keys.timelineEntry(entry.incident_id, entry.at, entry.id), entity: 'timeline', ...keys.auditList(entry.at, entry.id), ...entry };
}

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
