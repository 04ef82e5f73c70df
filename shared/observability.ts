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
const requestLogger = new AsyncLocalStorage<Logger>();

/**
 * The logger. Inside `withRequestLogger` it is that request's own child of the root logger, so the
 * keys one request appends (`route`, `request_id`, the Lambda context) never show up in another's
 * lines, also when one process serves many requests at once (local mode, the bench). Outside a
 * request it is the root logger.
 */
export const logger: Logger = new Proxy(rootLogger, {
  get(target, property) {
    const active = requestLogger.getStore() ?? target;
    const value: unknown = Reflect.get(active, property, active);
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(active) : value;
  },
});

/** Runs one request with its own child logger (see `logger`). */
export function withRequestLogger<T>(run: () => T): T {
  return requestLogger.run(rootLogger.createChild(), run);
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
