/** What the paging use cases receive, and its production wiring (created once per container). */
import { DynamoPagingStore } from '#shared/store/paging/dynamo-paging-store.ts';
import type { PagingStore } from '#shared/store/paging/paging-store.ts';
import { systemClock } from '#shared/use-cases/context.ts';

export interface PagingDeps {
  readonly paging: PagingStore;
  readonly now: () => Date;
}

export const pagingDeps: PagingDeps = { paging: new DynamoPagingStore(), now: systemClock };

/**
 * What incident creation asks (shared/use-cases/context.ts `Deps.onCall`), on the production store.
 * The paging code (store, use cases, rotation arithmetic) loads on the first create that names a team, not at
 * the create handler's cold start: the bundler keeps a dynamic import of a bundled module lazy.
 */
export const onCallLookup = async (teamId: string, at: string) => {
  const { currentOnCall } = await import('#shared/use-cases/paging/who-is-on-call.ts');
  return currentOnCall(pagingDeps, teamId, at);
};
