import { api, ok } from '#shared/http/api.ts';
import { policyDeps } from '#shared/use-cases/paging/route-deps.ts';
import { listPolicies } from '#shared/use-cases/paging/policies.ts';

export const handler = api('listEscalationPolicies', {}, async () => ok({ items: await listPolicies(policyDeps) }));
