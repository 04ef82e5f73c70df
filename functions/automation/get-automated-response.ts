import { api, ok } from '#shared/http/api.ts';
import { RuleIdParams } from '#shared/schemas/automation.ts';
import { ruleDeps } from '#shared/use-cases/automation/deps.ts';
import { getRule } from '#shared/use-cases/automation/rules.ts';

export const handler = api('getAutomatedResponse', { params: RuleIdParams }, async ({ params }) => {
  const rule = await getRule(ruleDeps, params.id);
  return ok(rule, { etag: `"${rule.version}"` });
});
