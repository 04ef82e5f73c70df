import { api, noContent } from '#shared/http/api.ts';
import { PolicyIdParams } from '#shared/schemas/escalation.ts';
import { policyDeps } from '#shared/use-cases/paging/route-deps.ts';
import { deletePolicy } from '#shared/use-cases/paging/policies.ts';

export const handler = api('deleteEscalationPolicy', { params: PolicyIdParams }, async ({ params }) => {
  await deletePolicy(policyDeps, params.id);
  return noContent();
});
