/**
 * Every key of the single table is built here, and only here. docs/data-model.md lists the access
 * pattern each one serves. Entities of an incident share its partition, so one Query returns the
 * incident with its timeline, comments and assignments.
 */
import type { Status } from '#shared/domain/incidents/lifecycle.ts';

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
  /** Timeline of a component (component.status_changed entries), published like incident entries. */
  componentTimelineEntry: (componentId: string, at: string, entryId: string): Key => ({ pk: `CMP#${componentId}`, sk: `TL#${at}#${entryId}` }),
  auditList: (at: string, entryId: string) => ({ gsi1pk: `EVENTS#${monthOf(at)}`, gsi1sk: timeSortKey(at, entryId) }),
  auditListPartition: (month: string): string => `EVENTS#${month}`,

  /** The day's incident sequence (`INC-<day>-<seq>`); the set of these items is also the list of days with incidents. */
  daySequence: (day: string): Key => ({ pk: 'SEQ#INC', sk: day }),
  daySequencePartition: 'SEQ#INC',

  idempotency: (caller: string, key: string): Key => ({ pk: `IDEM#${caller}#${key}`, sk: '#IDEM' }),

  // Component status (shared/store/components/dynamo-component-store.ts). The board is the one partition a
  // component-status decision reads with one Query: components, the per-impact pointer to the active
  // system incident, a copy of every active incident that names components, maintenance copies.
  boardPartition: 'BOARD',
  component: (id: string): Key => ({ pk: 'BOARD', sk: `C#${id}` }),
  componentPrefix: 'C#',
  boardIncident: (incidentId: string): Key => ({ pk: 'BOARD', sk: `I#${incidentId}` }),
  boardIncidentPrefix: 'I#',
  systemPointer: (impact: number): Key => ({ pk: 'BOARD', sk: `P#${impact}` }),
  systemPointerPrefix: 'P#',
  boardMaintenance: (id: string): Key => ({ pk: 'BOARD', sk: `M#${id}` }),
  boardMaintenancePrefix: 'M#',
  /** Maintenance windows; gsi1 lists them by start time. */
  maintenance: (id: string): Key => ({ pk: `MNT#${id}`, sk: '#META' }),
  maintenanceList: (startTime: string, id: string) => ({ gsi1pk: 'MAINTENANCES', gsi1sk: timeSortKey(startTime, id) }),
  maintenanceListPartition: 'MAINTENANCES',
  /** One item per (component, resolved incident), sorted by resolution time: monthly availability. */
  outage: (componentId: string, resolvedAt: string, incidentId: string): Key => ({ pk: `AVAIL#${componentId}`, sk: timeSortKey(resolvedAt, incidentId) }),
  outagePartition: (componentId: string): string => `AVAIL#${componentId}`,
  /** Alarm name (or prefix) → component and impact; one small partition read with one Query. */
  alarmMapping: (kind: 'name' | 'prefix', pattern: string): Key => ({ pk: 'ALARMMAP', sk: `${kind}#${pattern}` }),
  alarmMappingPartition: 'ALARMMAP',
  /** The last state of one CloudWatch alarm and the incident it is linked to. */
  alarmState: (alarmName: string): Key => ({ pk: `ALARM#${alarmName}`, sk: '#STATE' }),
  /** The alarms linked to an incident, in its partition: "all of its alarms are OK". */
  alarmLink: (incidentId: string, alarmName: string): Key => ({ pk: `INC#${incidentId}`, sk: `ALM#${alarmName}` }),
  alarmLinkPrefix: 'ALM#',
  /** A processed EventBridge event id: a redelivery finds it and changes nothing. */
  alarmEvent: (eventId: string): Key => ({ pk: `ALARMEVT#${eventId}`, sk: '#EVT' }),

  /** Aggregates kept on write, sharded so concurrent writers rarely touch the same item. */
  summaryShard: (shard: number): Key => ({ pk: 'SUMMARY#INC', sk: `SHARD#${shard}` }),
  summaryPartition: 'SUMMARY#INC',

  // Notifications (shared/store/notifications/dynamo-notification-store.ts). Org-wide subscriptions and user
  // preferences each live in one partition: fan-out reads each with one paginated Query (bounded).
  subscription: (id: string): Key => ({ pk: 'SUBSCRIPTION', sk: `SUB#${id}` }),
  subscriptionPartition: 'SUBSCRIPTION',
  notificationPreferences: (userId: string): Key => ({ pk: 'NOTIFY_PREFS', sk: `USER#${userId}` }),
  notificationPreferencesPartition: 'NOTIFY_PREFS',
  /** Delivery attempts of one subject's (incident's) events, oldest first; `ttl` expires them. */
  deliveryAttempt: (subject: string, at: string, attemptId: string): Key => ({ pk: `NTF#${subject}`, sk: timeSortKey(at, attemptId) }),
  deliveryAttemptPartition: (subject: string): string => `NTF#${subject}`,
  /** Marks an (event, recipient) as delivered, so a redelivered message is not sent twice. */
  delivered: (eventId: string, recipientId: string): Key => ({ pk: `DLV#${eventId}#${recipientId}`, sk: '#DLV' }),

  // Paging: teams and on-call schedules (shared/store/paging/dynamo-paging-store.ts). Teams and
  // schedules each live in one partition (a list is one paginated Query, a read one GetItem).
  team: (id: string): Key => ({ pk: 'TEAMS', sk: `TEAM#${id}` }),
  teamPartition: 'TEAMS',
  schedule: (id: string): Key => ({ pk: 'SCHEDULES', sk: `SCH#${id}` }),
  schedulePartition: 'SCHEDULES',
  /**
   * "Who uses this entity": one item per reference, in the referenced entity's own partition, so a
   * delete finds every user with one Query (`team` → schedule now; escalation policies → schedule
   * and team later). `kind` and `fromKind` are entity names: `schedule`, `team`, `policy`.
   */
  reference: (kind: string, id: string, fromKind: string, fromId: string): Key => ({ pk: `REFS#${kind}#${id}`, sk: `${fromKind}#${fromId}` }),
  referencePartition: (kind: string, id: string): string => `REFS#${kind}#${id}`,
  /** A person's calendar feed secret (hash only), looked up by the person's id. */
  calendarSecret: (userId: string): Key => ({ pk: `CALSECRET#${userId}`, sk: '#SECRET' }),

  // Paging: escalation (shared/store/paging/dynamo-escalation-store.ts). Policies are few and read
  // together by the escalation starter: one partition. An incident's running escalation (the copy
  // of its policy) and its step runs live in the incident's partition, beside it.
  escalationPolicy: (id: string): Key => ({ pk: 'ESCPOLICY', sk: `POL#${id}` }),
  escalationPolicyPartition: 'ESCPOLICY',
  escalation: (incidentId: string): Key => ({ pk: `INC#${incidentId}`, sk: 'ESC#STATE' }),
  escalationRun: (incidentId: string, at: string, runId: string): Key => ({ pk: `INC#${incidentId}`, sk: `ESCRUN#${at}#${runId}` }),
  escalationRunPrefix: 'ESCRUN#',
  /** One pending timer per (incident, kind); re-arming replaces it (a new token or sequence). */
  timer: (incidentId: string, kind: string): Key => ({ pk: `TIMER#${incidentId}`, sk: `KIND#${kind}` }),
  /** gsi3 of a pending timer: due time first; the local scheduler polls it. Removed when it fires or is cancelled. */
  timerDue: (dueAt: string, name: string) => ({ gsi3pk: 'TIMERS#PENDING', gsi3sk: timeSortKey(dueAt, name) }),
  timerDuePartition: 'TIMERS#PENDING',
  /** A used acknowledge link (its nonce hash): a second use finds it. */
  ackLinkUse: (nonceHash: string): Key => ({ pk: `ACKLINK#${nonceHash}`, sk: '#USED' }),
  // Public status (shared/store/status/). A copy of every public incident with its public fields
  // only, and its public updates, written in the incident's own transactions
  // (shared/store/status/public-items.ts). Each list a view reads is its own partition, so no view
  // filters: gsi1 all public incidents, gsi3 only those in feeds (`rss_enabled`), gsi2 the active
  // ones split by `rss_enabled` (FEED / NOFEED; the status page reads both).
  publicIncident: (id: string): Key => ({ pk: `PUBINC#${id}`, sk: '#PUBLIC' }),
  publicIncidentPartition: (id: string): string => `PUBINC#${id}`,
  /** One public message of an incident, by time; never updated. */
  publicUpdate: (incidentId: string, at: string, entryId: string): Key => ({ pk: `PUBINC#${incidentId}`, sk: `U#${at}#${entryId}` }),
  publicUpdatePrefix: 'U#',
  /** gsi1: every public incident per month of creation, newest first. */
  publicList: (createdAt: string, id: string) => ({ gsi1pk: `PUBLIC#${monthOf(createdAt)}`, gsi1sk: timeSortKey(createdAt, id) }),
  publicListPartition: (month: string): string => `PUBLIC#${month}`,
  /** gsi3: the public incidents with `rss_enabled`, per month of creation (the feeds). */
  publicFeedList: (createdAt: string, id: string) => ({ gsi3pk: `PUBFEED#${monthOf(createdAt)}`, gsi3sk: timeSortKey(createdAt, id) }),
  publicFeedListPartition: (month: string): string => `PUBFEED#${month}`,
  /** gsi2: the public incidents that are still active (unresolved), newest first. */
  publicActiveList: (createdAt: string, id: string, feed: boolean) => ({ gsi2pk: `PUBLIC#ACTIVE#${feed ? 'FEED' : 'NOFEED'}`, gsi2sk: timeSortKey(createdAt, id) }),
  publicActivePartition: (feed: boolean): string => `PUBLIC#ACTIVE#${feed ? 'FEED' : 'NOFEED'}`,

  // status (public subscribers, shared/store/status/dynamo-subscriber-store.ts). The address is only
  // in the subscriber item and its confirmed copy; lookups by address use a secret-keyed HMAC of it.
  statusSubscriber: (id: string): Key => ({ pk: `STATUSSUB#${id}`, sk: '#META' }),
  statusSubscriberTimeline: (id: string, at: string, entryId: string): Key => ({ pk: `STATUSSUB#${id}`, sk: `TL#${at}#${entryId}` }),
  statusSubscriberAddress: (addressKey: string): Key => ({ pk: `STATUSSUB#ADDR#${addressKey}`, sk: '#ADDR' }),
  /** Confirmed subscribers, one partition: fan-out reads it with one paginated Query (bounded). */
  statusSubscriberList: (id: string): Key => ({ pk: 'STATUSSUBS', sk: `SUB#${id}` }),
  statusSubscriberListPartition: 'STATUSSUBS',
  /** A fixed-window attempt counter (`ttl` removes it): subscription attempts per address and per client. */
  rateWindow: (scope: string, subject: string, window: string): Key => ({ pk: `RATE#${scope}#${subject}`, sk: `W#${window}` }),

  // analytics (shared/store/analytics/). One partition per dimension (severity, service, team):
  // an item per UTC day × shard (`D#…`, read with one Query on a day range) and an all-time total
  // item per shard (`T#…`: open counts and the /metrics histograms); each holds every group value
  // of its dimension as attributes `<value>|<counter>`. Written by the incidents' own transactions
  // with ADD (shared/store/analytics/analytics-items.ts).
  analyticsDay: (dimension: string, day: string, shard: number): Key => ({ pk: `ANALYTICS#${dimension}`, sk: `D#${day}#${shard}` }),
  analyticsTotal: (dimension: string, shard: number): Key => ({ pk: `ANALYTICS#${dimension}`, sk: `T#${shard}` }),
  analyticsPartition: (dimension: string): string => `ANALYTICS#${dimension}`,
  /** Bounds of a day range of `analyticsDay` sort keys, for BETWEEN ('$' sorts right after '#'). */
  analyticsDayRange: (fromDay: string, toDay: string) => ({ lower: `D#${fromDay}#`, upper: `D#${toDay}$` }),
  analyticsTotalPrefix: 'T#',
  /** Where the one-off analytics backfill (bin/backfill-analytics.ts) stopped: month and last list sort key. */
  analyticsBackfillCheckpoint: (): Key => ({ pk: 'BACKFILL#analytics', sk: '#CHECKPOINT' }),
  // Automated responses (shared/store/automation/dynamo-automation-store.ts). Rules are few and read
  // together by the reactor: one partition. An execution lives in its incident's partition, keyed by
  // (trigger, rule): the key is the exactly-once guard of its start (a put if it does not exist).
  automatedResponse: (id: string): Key => ({ pk: 'AUTORESP', sk: `ARR#${id}` }),
  automatedResponsePartition: 'AUTORESP',
  automationExecution: (incidentId: string, trigger: string, ruleId: string): Key => ({ pk: `INC#${incidentId}`, sk: `AREXEC#${trigger}#${ruleId}` }),
  automationExecutionPrefix: 'AREXEC#',
  /** An SSM automation execution id → its execution (the status events name only the former). */
  automationExternalId: (externalId: string): Key => ({ pk: `AREXT#${externalId}`, sk: '#REF' }),
  // Integrations (issue 12, shared/store/integrations/dynamo-integration-store.ts). Integrations
  // live in one partition; the routing key only as its SHA-256, in a lookup item that carries a
  // copy of the integration, so `POST /v2/enqueue` finds it with one GetItem. The open alert of an
  // (integration, dedup_key) is one item at a fixed key: a conditional Put makes it unique, a
  // repeated trigger is one conditional UpdateItem. A resolve moves it to a resolved copy keyed by
  // its id. gsi1 of both lists an incident's alerts, oldest first.
  integration: (id: string): Key => ({ pk: 'INTEGRATIONS', sk: `INT#${id}` }),
  integrationPartition: 'INTEGRATIONS',
  routingKey: (keyHash: string): Key => ({ pk: `RKEY#${keyHash}`, sk: '#KEY' }),
  openAlert: (integrationId: string, dedupKey: string): Key => ({ pk: `ALERT#${integrationId}#${dedupKey}`, sk: 'OPEN' }),
  resolvedAlert: (integrationId: string, dedupKey: string, alertId: string): Key => ({ pk: `ALERT#${integrationId}#${dedupKey}`, sk: `R#${alertId}` }),
  incidentAlertList: (incidentId: string, createdAt: string, alertId: string) => ({ gsi1pk: `ALERTS#${incidentId}`, gsi1sk: timeSortKey(createdAt, alertId) }),
  incidentAlertPartition: (incidentId: string): string => `ALERTS#${incidentId}`,
  /** A short copy of each alert linked to an incident, in its partition: GET /v1/incidents/{id} shows them. */
  incidentAlertLink: (incidentId: string, createdAt: string, alertId: string): Key => ({ pk: `INC#${incidentId}`, sk: `ALR#${createdAt}#${alertId}` }),
  incidentAlertLinkPrefix: 'ALR#',
  /**
   * Change events (`POST /v2/change/enqueue`): one copy per list the change belongs to (its
   * service, its team, its component), sorted by the change's time: `GET /v1/changes` is one
   * descending Query. The webhook signing secret lives on the integration item (never in the
   * routing-key lookup copy, which holds the integration's listed fields only).
   */
  change: (scope: { kind: 'service' | 'team' | 'component'; value: string }, timestamp: string, changeId: string): Key => ({ pk: `CHANGES#${scope.kind}#${scope.value}`, sk: timeSortKey(timestamp, changeId) }),
  changePartition: (scope: { kind: 'service' | 'team' | 'component'; value: string }): string => `CHANGES#${scope.kind}#${scope.value}`,
  // reviews (issue 13, shared/store/reviews/dynamo-action-item-store.ts): an incident's action items
  // live in its partition (one Query lists them); a counter item in the same partition bounds them.
  actionItem: (incidentId: string, itemId: string): Key => ({ pk: `INC#${incidentId}`, sk: `AI#${itemId}` }),
  actionItemPrefix: 'AI#',
  actionItemCounter: (incidentId: string): Key => ({ pk: `INC#${incidentId}`, sk: 'AICOUNT' }),
} as const;

/** Shards of each analytics item: concurrent changes of one day and dimension rarely touch the same item. */
export const ANALYTICS_SHARDS = 4;

/** Attributes that are storage detail, never part of an API representation. */
export const STORAGE_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity', 'ttl', 'deleted_at', 'deleted_by', 'analytics_counted'] as const;

export function withoutStorage<T extends Record<string, unknown>>(item: T): Record<string, unknown> {
  const out: Record<string, unknown> = { ...item };
  for (const key of STORAGE_ATTRIBUTES) delete out[key];
  return out;
}
