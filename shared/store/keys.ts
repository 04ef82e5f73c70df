/**
 * Every key of the single table is built here, and only here. docs/data-model.md lists the access
 * pattern each one serves. Entities of an incident share its partition, so one Query returns the
 * incident with its timeline, comments and assignments.
 */
import type { Status } from '#shared/domain/lifecycle.ts';

export type Key = { pk: string; sk: string };

/** `2026-11` for an ISO time: the time shard of list partitions. */
export const monthOf = (iso: string): string => iso.slice(0, 7);

/** Sort key of time-ordered index entries: ISO time, then a tiebreaker id. */
export const timeSortKey = (iso: string, id: string): string => `${iso}#${id}`;

export const SUMMARY_SHARDS = 8;

export const keys = {
  health: (): Key => ({ pk: 'HEALTH', sk: 'HEALTH' }),

  incident: (id: string): Key => ({ pk: `INC#${id}`, sk: '#META' }),
  incidentPartition: (id: string): string => `INC#${id}`,
  timelineEntry: (incidentId: string, at: string, entryId: string): Key => ({ pk: `INC#${incidentId}`, sk: `TL#${at}#${entryId}` }),
  timelinePrefix: 'TL#',
  comment: (incidentId: string, at: string, commentId: string): Key => ({ pk: `INC#${incidentId}`, sk: `CMT#${at}#${commentId}` }),
  commentPrefix: 'CMT#',
  assignment: (incidentId: string, user: string): Key => ({ pk: `INC#${incidentId}`, sk: `ASG#${user}` }),
  assignmentPrefix: 'ASG#',

  /** gsi1: every live incident, per month of creation, newest first. */
  incidentList: (createdAt: string, id: string) => ({ gsi1pk: `INCIDENTS#${monthOf(createdAt)}`, gsi1sk: timeSortKey(createdAt, id) }),
  incidentListPartition: (month: string): string => `INCIDENTS#${month}`,
  /** gsi2: live incidents of one status, per month of creation. */
  incidentStatusList: (status: Status, createdAt: string, id: string) => ({ gsi2pk: `INCIDENTS#${status}#${monthOf(createdAt)}`, gsi2sk: timeSortKey(createdAt, id) }),
  incidentStatusPartition: (status: Status, month: string): string => `INCIDENTS#${status}#${month}`,

  /** gsi1 of timeline entries: the audit trail of every incident, per month. */
  auditList: (at: string, entryId: string) => ({ gsi1pk: `EVENTS#${monthOf(at)}`, gsi1sk: timeSortKey(at, entryId) }),

  /** The day's incident sequence (`INC-<day>-<seq>`); the set of these items is also the list of days with incidents. */
  daySequence: (day: string): Key => ({ pk: 'SEQ#INC', sk: day }),
  daySequencePartition: 'SEQ#INC',

  idempotency: (caller: string, key: string): Key => ({ pk: `IDEM#${caller}#${key}`, sk: '#IDEM' }),

  /** Aggregates kept on write, sharded so concurrent writers rarely touch the same item. */
  summaryShard: (shard: number): Key => ({ pk: 'SUMMARY#INC', sk: `SHARD#${shard}` }),
  summaryPartition: 'SUMMARY#INC',
} as const;

/** Attributes that are storage detail, never part of an API representation. */
export const STORAGE_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity', 'ttl', 'deleted_at', 'deleted_by'] as const;

export function withoutStorage<T extends Record<string, unknown>>(item: T): Record<string, unknown> {
  const out: Record<string, unknown> = { ...item };
  for (const key of STORAGE_ATTRIBUTES) delete out[key];
  return out;
}
