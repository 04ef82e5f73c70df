import { api, created } from '#shared/http/api.ts';
import { PolicyBody } from '#shared/schemas/escalation.ts';
import { policyDeps } from '#shared/use-cases/paging/route-deps.ts';
import { createPolicy } from '#shared/use-cases/paging/policies.ts';

export const handler = api('createEscalationPolicy', { body: PolicyBody }, async ({ body, principal }) => {
  const policy = await createPolicy(policyDeps, body, principal.name);
  return created(policy, { location: `/v1/escalation_policies/${policy.id}`, etag: `"${policy.version}"` });
});
