import { api, created } from '#shared/http/api.ts';
import { RuleBody } from '#shared/schemas/automation.ts';
import { ruleDeps } from '#shared/use-cases/automation/deps.ts';
import { createRule } from '#shared/use-cases/automation/rules.ts';

export const handler = api('createAutomatedResponse', { body: RuleBody }, async ({ body, principal }) => {
  const rule = await createRule(ruleDeps, body, principal.name);
  return created(rule, { location: `/v1/automated_responses/${rule.id}`, etag: `"${rule.version}"` });
});
