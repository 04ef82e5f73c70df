/** What the report use case reads, and its production wiring: each capability through its repository. */
import type { ComponentStore } from '#shared/store/components/component-store.ts';
import { DynamoComponentStore } from '#shared/store/components/dynamo-component-store.ts';
import type { IncidentStore } from '#shared/store/incidents/incident-store.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import type { EscalationStore } from '#shared/store/paging/escalation-store.ts';
import { DynamoEscalationStore } from '#shared/store/paging/dynamo-escalation-store.ts';
import type { ActionItemStore } from '#shared/store/reviews/action-item-store.ts';
import { DynamoActionItemStore } from '#shared/store/reviews/dynamo-action-item-store.ts';
import type { StatusStore } from '#shared/store/status/status-store.ts';
import { DynamoStatusStore } from '#shared/store/status/dynamo-status-store.ts';
import { systemClock } from '#shared/use-cases/context.ts';

export interface ReportDeps {
  readonly incidents: Pick<IncidentStore, 'getDetail'>;
  readonly status: Pick<StatusStore, 'updates'>;
  readonly components: Pick<ComponentStore, 'listComponents' | 'alarmLinks'>;
  readonly escalations: EscalationStore;
  readonly items: Pick<ActionItemStore, 'list'>;
  readonly now: () => Date;
}

export const reportDeps: ReportDeps = {
  incidents: new DynamoIncidentStore(),
  status: new DynamoStatusStore(),
  components: new DynamoComponentStore(),
  escalations: new DynamoEscalationStore(),
  items: new DynamoActionItemStore(),
  now: systemClock,
};
