/**
 * Powertools Logger and Metrics, created once per process. Service name, namespace and log level
 * come from the environment that CDK sets per stage (POWERTOOLS_SERVICE_NAME,
 * POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_LOG_LEVEL). Tests and local mode set POWERTOOLS_DEV,
 * which pretty-prints logs and disables metric output.
 *
 * Tracing: Lambda active tracing is on for every function in CDK (the platform segments). The
 * Powertools Tracer is not bundled into every handler: it brings aws-xray-sdk-core, which roughly
 * doubles bundle size and import time (see BENCHMARKS.md); it is used only where a handler fans
 * out to several services.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

const rootLogger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'incident-service' });

/** One request's (or one consumed record's) own child logger and the CloudEvent ids of the changes it made. */
interface Scope {
  readonly logger: Logger;
  readonly events: string[];
}
const scopes = new AsyncLocalStorage<Scope>();

/**
 * The logger. Inside `withRequestLogger` / `withCorrelation` it is that request's (record's) own
 * child of the root logger, so the keys one request appends (`route`, `request_id`,
 * `correlation_id`, the Lambda context) never show up in another's lines, also when one process
 * serves many requests at once (local mode, the bench, a batch of records in parallel). Outside
 * one it is the root logger.
 */
export const logger: Logger = new Proxy(rootLogger, {
  get(target, property) {
    const active = scopes.getStore()?.logger ?? target;
    const value: unknown = Reflect.get(active, property, active);
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(active) : value;
  },
});

/** Runs one request with its own child logger (see `logger`). */
export function withRequestLogger<T>(run: () => T): T {
  return scopes.run({ logger: rootLogger.createChild(), events: [] }, run);
}

/**
 * The correlation id of a change is the CloudEvent id of its timeline entry (the entry's ULID):
 * the API request that made it, the outbox publisher, fan-out, delivery and the other bus
 * consumers all log it as `correlation_id`, and webhooks receive it as `ce-id`, so one grep
 * follows a change end to end (docs/operations.md).
 *
 * Runs `run` (one consumed event or message) with its own child logger whose every line carries
 * `correlation_id`.
 */
export function withCorrelation<T>(correlationId: string, run: () => T): T {
  const child = rootLogger.createChild();
  child.setCorrelationId(correlationId); // Powertools' own `correlation_id` key
  return scopes.run({ logger: child, events: [correlationId] }, run);
}

/**
 * Called by the stores when a change's timeline entry is written: from then on the current
 * request's lines carry its id as `correlation_id` (the first one, if a request writes several;
 * all of them are in `correlatedEvents`, the response's `X-Event-Id`). Outside a request, nothing.
 */
export function correlate(eventId: string): void {
  const scope = scopes.getStore();
  if (!scope || scope.events.includes(eventId)) return;
  if (scope.events.length === 0) scope.logger.setCorrelationId(eventId);
  scope.events.push(eventId);
}

/** The CloudEvent ids of the changes the current request made, in the order written. */
export function correlatedEvents(): readonly string[] {
  return scopes.getStore()?.events ?? [];
}

export const metrics = new Metrics({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'incident-service',
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'IncidentService',
});

export { MetricUnit };

/** Flushes metrics recorded during a request, if any (no empty EMF blobs, no warnings). */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

interface MeasuredIncident {
  readonly severity: string;
  readonly mtta_seconds: number | null;
  readonly mttr_seconds: number | null;
}

/**
 * Business metrics of an incident change, as CloudWatch EMF: IncidentsCreated, and MTTA / MTTR
 * when the change set them (dimension: severity). Dashboards and alarms build on these.
 */
export function recordIncidentMetrics(before: MeasuredIncident | undefined, after: MeasuredIncident): void {
  const m = metrics.singleMetric();
  m.addDimension('severity', after.severity);
  if (!before) m.addMetric('IncidentsCreated', MetricUnit.Count, 1);
  if (after.mtta_seconds !== null && before?.mtta_seconds == null && before) m.addMetric('MTTA', MetricUnit.Seconds, after.mtta_seconds);
  if (after.mttr_seconds !== null && before?.mttr_seconds == null && before) m.addMetric('MTTR', MetricUnit.Seconds, after.mttr_seconds);
  if (m.hasStoredMetrics()) m.publishStoredMetrics();
}
