/**
 * Generic webhooks (issue 12): an integration of kind `webhook` reads a tool's own JSON with a
 * field mapping (RFC 6901 JSON pointers) or a preset, and turns each alert of a payload into a
 * PagerDuty-style trigger or resolve, which then goes through the same enqueue use case as
 * `POST /v2/enqueue`. Pure: no AWS imports.
 *
 * Presets:
 * - `alertmanager`: Prometheus Alertmanager `webhook_configs` (version 4): `alerts[]`, each with
 *   `status` (`firing` | `resolved`), `labels`, `annotations`, `fingerprint`;
 * - `grafana`: Grafana's webhook contact point, the same shape (plus `valueString`,
 *   `generatorURL`, `silenceURL`, … which are kept in `custom_details`);
 * - `elastic_watcher`: an Elasticsearch Watcher `webhook` action whose body template sends one
 *   alert: `watch_id`, `title` (or `message`), `severity`, `status` (`firing` | `resolved`,
 *   default firing), optional `dedup_key` and `source` (docs/api.md shows the template).
 */
import type { PdSeverity } from '#shared/domain/integrations/integration.ts';

export const WEBHOOK_PRESETS = ['alertmanager', 'grafana', 'elastic_watcher'] as const;
export type WebhookPreset = (typeof WEBHOOK_PRESETS)[number];

/** Where a field is read: one pointer, or several tried in order (the first present wins). */
export type Pointers = readonly string[];

export interface WebhookMapping {
  /** Pointer to an array whose elements are the alerts; absent: the whole body is one alert. Other pointers are relative to each alert. */
  readonly alerts: string | null;
  readonly title: Pointers;
  readonly severity: Pointers;
  /** Tool's severity value (lower-cased) → PagerDuty severity; a value in neither this map nor PagerDuty's four is `default_severity`. */
  readonly severity_map: Readonly<Record<string, PdSeverity>>;
  readonly default_severity: PdSeverity;
  readonly dedup_key: Pointers;
  /** `firing` or `resolved` (lower-cased); absent: firing. Values listed in `resolved_values` also resolve. */
  readonly status: Pointers;
  readonly resolved_values: readonly string[];
  readonly source: Pointers;
}

/** What an integration stores: a preset, or its own mapping. */
export type WebhookConfig = { readonly preset: WebhookPreset; readonly mapping: null } | { readonly preset: null; readonly mapping: WebhookMapping };

const PD_NAMES: Readonly<Record<string, PdSeverity>> = { critical: 'critical', error: 'error', warning: 'warning', info: 'info' };

const ALERTMANAGER: WebhookMapping = {
  alerts: '/alerts',
  title: ['/annotations/summary', '/annotations/description', '/annotations/message', '/labels/alertname'],
  severity: ['/labels/severity'],
  // Common Prometheus severity labels; PagerDuty's own four names need no entry.
  severity_map: { page: 'critical', high: 'error', major: 'error', medium: 'warning', minor: 'warning', warn: 'warning', low: 'info', none: 'info' },
  // Alertmanager's own PagerDuty notifier defaults to `error` (../shared/REFERENCE.md).
  default_severity: 'error',
  dedup_key: ['/fingerprint'],
  status: ['/status'],
  resolved_values: ['resolved'],
  source: ['/labels/instance', '/labels/job', '/generatorURL'],
};

export const PRESET_MAPPINGS: Readonly<Record<WebhookPreset, WebhookMapping>> = {
  alertmanager: ALERTMANAGER,
  grafana: { ...ALERTMANAGER, title: ['/annotations/summary', '/annotations/description', '/labels/alertname'], source: ['/labels/instance', '/labels/grafana_folder', '/generatorURL'] },
  elastic_watcher: {
    alerts: null,
    title: ['/title', '/message', '/watch_id'],
    severity: ['/severity'],
    severity_map: { high: 'error', medium: 'warning', low: 'info' },
    default_severity: 'error',
    dedup_key: ['/dedup_key', '/watch_id'],
    status: ['/status', '/state'],
    resolved_values: ['resolved', 'ok', 'recovered'],
    source: ['/source', '/watch_id'],
  },
};

export const mappingOf = (config: WebhookConfig): WebhookMapping => (config.preset ? PRESET_MAPPINGS[config.preset] : config.mapping);

/** At most this many alerts in one payload (each is one enqueue). */
export const MAX_WEBHOOK_ALERTS = 100;
export const MAX_SUMMARY = 1024;
export const MAX_DEDUP_KEY = 255;
export const MAX_SOURCE = 255;

/** A JSON pointer (RFC 6901) is `''` or starts with `/`; `~0` and `~1` are the only escapes. */
export const isJsonPointer = (pointer: string): boolean => pointer === '' || (pointer.startsWith('/') && !/~[^01]|~$/.test(pointer));

/** The value at `pointer` in `doc`, or undefined when a step is missing (RFC 6901). */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  let current: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return current;
}

/** One alert of a payload, as the enqueue use case takes it. */
export interface MappedAlert {
  readonly action: 'trigger' | 'resolve';
  /** Absent on a trigger without one: the enqueue use case generates it (as for /v2/enqueue). */
  readonly dedup_key: string | undefined;
  readonly summary: string;
  readonly severity: PdSeverity;
  readonly source: string;
  /** The alert's own JSON (an element of `alerts[]`, or the whole body). */
  readonly custom_details: unknown;
}

export interface MappingIssue {
  /** Where in the body, e.g. `body.alerts[0].fingerprint`. */
  readonly path: string;
  readonly message: string;
}

export type MappingResult = { readonly ok: true; readonly alerts: MappedAlert[] } | { readonly ok: false; readonly issues: MappingIssue[] };

const where = (pointer: string): string =>
  `body${pointer
    .split('/')
    .slice(1)
    .map((t) => (/^\d+$/.test(t) ? `[${t}]` : `.${t.replaceAll('~1', '/').replaceAll('~0', '~')}`))
    .join('')}`;

/** The first pointer that names a non-empty string or a number, with the pointer it came from. */
function first(doc: unknown, pointers: Pointers): { value: string; pointer: string } | undefined {
  for (const pointer of pointers) {
    const value = resolvePointer(doc, pointer);
    if (typeof value === 'string' && value.trim() !== '') return { value: value.trim(), pointer };
    if (typeof value === 'number' && Number.isFinite(value)) return { value: String(value), pointer };
  }
  return undefined;
}

function severityOf(raw: string | undefined, mapping: WebhookMapping): PdSeverity {
  if (raw === undefined) return mapping.default_severity;
  const key = raw.toLowerCase();
  return mapping.severity_map[key] ?? PD_NAMES[key] ?? mapping.default_severity;
}

/**
 * Maps a parsed webhook body onto its alerts. Every alert is checked before any is returned, so a
 * malformed payload changes nothing. `fallbackSource` (the integration's name) stands in when no
 * source pointer is present. Titles longer than PagerDuty's 1,024 characters are cut (as
 * Alertmanager's own PagerDuty notifier does); a dedup key over 255 characters is an error.
 */
export function mapWebhook(body: unknown, config: WebhookConfig, fallbackSource: string): MappingResult {
  const mapping = mappingOf(config);
  const issues: MappingIssue[] = [];
  let items: { doc: unknown; base: string }[];
  if (mapping.alerts === null) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, issues: [{ path: 'body', message: 'must be a JSON object' }] };
    items = [{ doc: body, base: '' }];
  } else {
    const list = resolvePointer(body, mapping.alerts);
    if (!Array.isArray(list)) return { ok: false, issues: [{ path: where(mapping.alerts), message: 'must be an array of alerts' }] };
    if (list.length === 0) return { ok: false, issues: [{ path: where(mapping.alerts), message: 'must hold at least one alert' }] };
    if (list.length > MAX_WEBHOOK_ALERTS) return { ok: false, issues: [{ path: where(mapping.alerts), message: `must hold at most ${MAX_WEBHOOK_ALERTS} alerts (got ${list.length})` }] };
    items = (list as unknown[]).map((doc, i) => ({ doc, base: `${mapping.alerts}/${i}` }));
  }
  const alerts: MappedAlert[] = [];
  for (const { doc, base } of items) {
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      issues.push({ path: where(base), message: 'must be a JSON object' });
      continue;
    }
    const title = first(doc, mapping.title);
    if (!title) issues.push({ path: where(`${base}${mapping.title[0] ?? ''}`), message: `is required (the alert's title; read from ${mapping.title.join(', ')})` });
    const status = first(doc, mapping.status)?.value.toLowerCase() ?? 'firing';
    const resolved = status === 'resolved' || mapping.resolved_values.includes(status);
    if (!resolved && status !== 'firing') {
      const pointer = first(doc, mapping.status)?.pointer ?? '';
      issues.push({ path: where(`${base}${pointer}`), message: `must be 'firing' or 'resolved'${mapping.resolved_values.length > 0 ? ` (or ${mapping.resolved_values.map((v) => `'${v}'`).join(', ')})` : ''}, got '${status.slice(0, 40)}'` });
    }
    const dedup = first(doc, mapping.dedup_key);
    if (dedup && dedup.value.length > MAX_DEDUP_KEY) issues.push({ path: where(`${base}${dedup.pointer}`), message: `must be at most ${MAX_DEDUP_KEY} characters (it is the alert's dedup key)` });
    if (!dedup && resolved) issues.push({ path: where(`${base}${mapping.dedup_key[0] ?? ''}`), message: 'is required to resolve an alert (its dedup key)' });
    if (!title || issues.length > 0) continue;
    alerts.push({
      action: resolved ? 'resolve' : 'trigger',
      dedup_key: dedup?.value,
      summary: title.value.slice(0, MAX_SUMMARY),
      severity: severityOf(first(doc, mapping.severity)?.value, mapping),
      source: (first(doc, mapping.source)?.value ?? fallbackSource).slice(0, MAX_SOURCE),
      custom_details: doc,
    });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, alerts };
}
