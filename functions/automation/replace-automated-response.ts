import { api, ok } from '#shared/http/api.ts';
import { expectedVersion } from '#shared/http/incident-http.ts';
import { RuleBody, RuleIdParams } from '#shared/schemas/automation.ts';
import { ruleDeps } from '#shared/use-cases/automation/deps.ts';
import { replaceRule } from '#shared/use-cases/automation/rules.ts';

export const handler = api('replaceAutomatedResponse', { params: RuleIdParams, body: RuleBody }, async ({ params, body, headers }) => {
  const ifMatch = headers['if-match'];
  const rule = await replaceRule(ruleDeps, params.id, body, ifMatch === undefined ? undefined : expectedVersion(ifMatch));
  return ok(rule, { etag: `"${rule.version}"` });
});
