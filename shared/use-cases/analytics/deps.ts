/** The production wiring of the analytics use cases, created once per Lambda container. */
import { DynamoAnalyticsStore } from '#shared/store/analytics/dynamo-analytics-store.ts';
import type { AnalyticsStore } from '#shared/store/analytics/analytics-store.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import type { IncidentStore } from '#shared/store/incidents/incident-store.ts';

export interface AnalyticsDeps {
  analytics: AnalyticsStore;
  incidents: Pick<IncidentStore, 'summary'>;
}

export const analyticsDeps: AnalyticsDeps = { analytics: new DynamoAnalyticsStore(), incidents: new DynamoIncidentStore() };
