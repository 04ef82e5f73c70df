/**
 * Inbound integrations (issue 12): a monitoring tool sends PagerDuty Events API v2 events with a
 * routing key; the integration maps them to a component and impact (the component-status
 * decision) or to a service/team (a system incident). Pure: no AWS imports.
 */
import type { WebhookConfig } from '#shared/domain/integrations/webhook.ts';
import type { Severity, Impact } from '#shared/domain/severity.ts';

export const INTEGRATION_KINDS = ['events_v2', 'webhook'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

export type IntegrationMapping =
  | { readonly type: 'component'; readonly component_id: string; readonly impact: Exclude<Impact, 0> }
  | { readonly type: 'service'; readonly service: string | null; readonly team: string | null; readonly default_severity: Severity };

export interface Integration {
  id: string;
  name: string;
  kind: IntegrationKind;
  mapping: IntegrationMapping;
  /** Kind `webhook`: how its payloads are read (a preset or a field mapping); null for `events_v2`. */
  webhook: WebhookConfig | null;
  created_at: string;
  updated_at: string;
  /**
   * When the credential was last issued (create or rotate): the routing key (`events_v2`, never
   * stored, only its SHA-256) or the webhook signing secret (`webhook`, stored on the integration
   * item, which only the webhook route reads; never listed).
   */
  key_rotated_at: string;
}

export const INTEGRATION_FIELDS = ['id', 'name', 'kind', 'mapping', 'webhook', 'created_at', 'updated_at', 'key_rotated_at'] as const satisfies readonly (keyof Integration)[];

/** PagerDuty's four severities, onto the incident severities. */
export const PD_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type PdSeverity = (typeof PD_SEVERITIES)[number];
const PD_TO_SEVERITY: Readonly<Record<PdSeverity, Severity>> = { critical: 'critical', error: 'high', warning: 'medium', info: 'low' };
export const severityFromPd = (s: PdSeverity): Severity => PD_TO_SEVERITY[s];

export const ROUTING_KEY_PATTERN = /^[A-Za-z0-9]{32}$/;

export const ALERT_STATUSES = ['triggered', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** One alert: the events of one (integration, dedup_key) between its first trigger and its resolve. */
export interface Alert {
  id: string;
  integration_id: string;
  dedup_key: string;
  status: AlertStatus;
  summary: string;
  severity: PdSeverity;
  source: string;
  /** The trigger's whole `payload`, plus the top-level `client`, `client_url`, `images`, `links`. */
  payload: Record<string, unknown>;
  count: number;
  created_at: string;
  last_seen: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
  incident_id: string | null;
  component_id: string | null;
}

export const ALERT_FIELDS = [
  'id', 'integration_id', 'dedup_key', 'status', 'summary', 'severity', 'source', 'payload', 'count', 'created_at', 'last_seen',
  'acknowledged_at', 'resolved_at', 'incident_id', 'component_id',
] as const satisfies readonly (keyof Alert)[];

/** Still counts towards its incident (not resolved). */
export const isOpenAlert = (a: Pick<Alert, 'status'>): boolean => a.status !== 'resolved';

/** What an incident's detail shows of each linked alert (the payload and count are on /alerts). */
export type AlertLink = Pick<Alert, 'id' | 'integration_id' | 'dedup_key' | 'status' | 'summary' | 'severity' | 'created_at' | 'acknowledged_at' | 'resolved_at'>;
export const ALERT_LINK_FIELDS = ['id', 'integration_id', 'dedup_key', 'status', 'summary', 'severity', 'created_at', 'acknowledged_at', 'resolved_at'] as const satisfies readonly (keyof AlertLink)[];

/** How many of an incident's linked alerts GET /v1/incidents/{id} lists (newest first). */
export const LATEST_ALERTS = 5;
export function alertsSummary(links: readonly AlertLink[]): { total: number; open: number; latest: AlertLink[] } {
  const newest = [...links].sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? 1 : -1));
  return { total: links.length, open: links.filter(isOpenAlert).length, latest: newest.slice(0, LATEST_ALERTS) };
}
