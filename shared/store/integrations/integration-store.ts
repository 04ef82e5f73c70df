/** Integrations and their alerts (issue 12). DynamoDB implementation: dynamo-integration-store.ts. */
import type { ChangeEvent, ChangeScope } from '#shared/domain/integrations/change.ts';
import type { TimelineEntry } from '#shared/domain/incidents/incident.ts';
import type { Alert, Integration } from '#shared/domain/integrations/integration.ts';
import type { Page } from '#shared/store/incidents/incident-store.ts';
import type { TransactItem } from '#shared/store/transact.ts';

/** What the enqueue route reads with one GetItem: the integration and the hash it was found by. */
export interface KeyedIntegration {
  readonly integration: Integration;
  readonly keyHash: string;
}

/** What the webhook route reads with one GetItem: the integration and its signing secret. */
export interface WebhookTarget {
  readonly integration: Integration;
  readonly secret: string;
}

export interface IntegrationStore {
  /** Integration and routing-key lookup item, in one transaction; `secret`: a webhook's signing secret, kept on the integration item. */
  create(integration: Integration, keyHash: string, secret?: string): Promise<void>;
  get(id: string): Promise<(Integration & { key_hash: string }) | undefined>;
  list(limit: number, cursor: string | undefined): Promise<Page<Integration>>;
  /** Replaces the lookup item (old key dead at once); false when the integration is gone or changed. */
  rotate(id: string, oldHash: string, newHash: string, at: string, secret?: string): Promise<boolean>;
  delete(id: string, keyHash: string): Promise<boolean>;
  byKeyHash(keyHash: string): Promise<KeyedIntegration | undefined>;
  /** A webhook integration and its secret (undefined when the id is unknown or not a webhook). */
  webhookTarget(id: string): Promise<WebhookTarget | undefined>;

  /** The change in each of its lists and its timeline entries on incidents, in one transaction. */
  recordChange(change: ChangeEvent, entries: readonly TimelineEntry[]): Promise<void>;
  /** One list of changes, newest first (by the change's time). */
  listChanges(scope: ChangeScope, limit: number, cursor: string | undefined): Promise<Page<ChangeEvent>>;

  /**
   * A trigger, in one UpdateItem: opens `alert` when its (integration, dedup_key) has no open alert
   * (`opened`), else counts on the open one (count + 1, last_seen) and returns it. Concurrent
   * triggers of one key: exactly one opens.
   */
  triggerAlert(alert: Alert): Promise<{ alert: Alert; opened: boolean }>;
  /** Links the open alert to its incident (and lists it under the incident). */
  linkAlert(alert: Alert, incidentId: string | null, componentId: string | null): Promise<void>;
  /** The writes of linkAlert, to commit in another transaction (the incident's create). */
  linkItems(alert: Alert, incidentId: string, componentId: string | null): TransactItem[];
  /** Drops an open alert whose incident could not be opened (the trigger failed; the client retries). */
  dropOpenAlert(alert: Alert): Promise<void>;
  acknowledgeAlert(integrationId: string, dedupKey: string, at: string): Promise<Alert | undefined>;
  /** Moves the open alert to its resolved copy; undefined when none was open. */
  resolveAlert(integrationId: string, dedupKey: string, at: string): Promise<Alert | undefined>;
  incidentAlerts(incidentId: string, limit: number, cursor: string | undefined): Promise<Page<Alert>>;
  /** Every alert of an incident (bounded by the page loop), for "are all alerts resolved". */
  allIncidentAlerts(incidentId: string): Promise<Alert[]>;
}
