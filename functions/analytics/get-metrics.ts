import { api } from '#shared/http/api.ts';
import { analyticsDeps } from '#shared/use-cases/analytics/deps.ts';
import { PROMETHEUS_CONTENT_TYPE, renderMetrics } from '#shared/use-cases/analytics/render-metrics.ts';

export const handler = api('getMetrics', {}, async () => ({ status: 200, text: await renderMetrics(analyticsDeps), contentType: PROMETHEUS_CONTENT_TYPE, headers: { 'cache-control': 'no-store' } }));
