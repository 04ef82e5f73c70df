/** What the public status use cases receive, and its production wiring (created once per container). */
import { config } from '#shared/config.ts';
import type { ComponentStore } from '#shared/store/components/component-store.ts';
import { DynamoComponentStore } from '#shared/store/components/dynamo-component-store.ts';
import { DynamoStatusStore } from '#shared/store/status/dynamo-status-store.ts';
import type { StatusStore } from '#shared/store/status/status-store.ts';
import { systemClock } from '#shared/use-cases/context.ts';

export interface StatusPageConfig {
  /** Statuspage's `page.id`. */
  readonly id: string;
  readonly name: string;
  /** PUBLIC_BASE_URL: links in the JSON and the feeds. */
  readonly baseUrl: string;
}

export interface StatusDeps {
  readonly status: StatusStore;
  /** Components are read through the component capability's repository (its interface). */
  readonly components: Pick<ComponentStore, 'listComponents' | 'getComponent'>;
  readonly now: () => Date;
  readonly page: StatusPageConfig;
}

export const statusDeps: StatusDeps = {
  status: new DynamoStatusStore(),
  components: new DynamoComponentStore(),
  now: systemClock,
  page: { id: config.STATUS_PAGE_ID, name: config.STATUS_PAGE_NAME, baseUrl: config.PUBLIC_BASE_URL.replace(/\/$/, '') },
};
