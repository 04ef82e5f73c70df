/** GET /v1/changes?service=|team=: the changes of a service or team, newest first (cursor pages). */
import type { ChangeEvent } from '#shared/domain/integrations/change.ts';
import type { Page } from '#shared/store/incidents/incident-store.ts';
import type { ListChangesInput } from '#shared/schemas/integrations.ts';
import type { IntegrationDeps } from '#shared/use-cases/integrations/deps.ts';

export function listChanges(deps: Pick<IntegrationDeps, 'integrations'>, query: ListChangesInput): Promise<Page<ChangeEvent>> {
  const scope = query.service !== undefined ? { kind: 'service' as const, value: query.service } : { kind: 'team' as const, value: query.team as string };
  return deps.integrations.listChanges(scope, query.limit, query.cursor);
}
