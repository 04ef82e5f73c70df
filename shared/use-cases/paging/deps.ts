/** What the paging use cases receive, and its production wiring (created once per container). */
import { DynamoPagingStore } from '#shared/store/paging/dynamo-paging-store.ts';
import type { PagingStore } from '#shared/store/paging/paging-store.ts';
import { systemClock } from '#shared/use-cases/context.ts';

export interface PagingDeps {
  readonly paging: PagingStore;
  readonly now: () => Date;
}

export const pagingDeps: PagingDeps = { paging: new DynamoPagingStore(), now: systemClock };
