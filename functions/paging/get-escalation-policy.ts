import { api, ok } from '#shared/http/api.ts';
import { PolicyIdParams } from '#shared/schemas/escalation.ts';
import { policyDeps } from '#shared/use-cases/paging/route-deps.ts';
import { getPolicy } from '#shared/use-cases/paging/policies.ts';

export const handler = api('getEscalationPolicy', { params: PolicyIdParams }, async ({ params }) => {
  const policy = await getPolicy(policyDeps, params.id);
  return ok(policy, { etag: `"${policy.version}"` });
});
