import { api, ok } from '#shared/http/api.ts';
import { expectedVersion } from '#shared/http/incident-http.ts';
import { PolicyBody, PolicyIdParams } from '#shared/schemas/escalation.ts';
import { policyDeps } from '#shared/use-cases/paging/route-deps.ts';
import { replacePolicy } from '#shared/use-cases/paging/policies.ts';

export const handler = api('replaceEscalationPolicy', { params: PolicyIdParams, body: PolicyBody }, async ({ params, body, headers }) => {
  const ifMatch = headers['if-match'];
  const policy = await replacePolicy(policyDeps, params.id, body, ifMatch === undefined ? undefined : expectedVersion(ifMatch));
  return ok(policy, { etag: `"${policy.version}"` });
});
