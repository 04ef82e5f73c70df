import { api, noContent } from '#shared/http/api.ts';
import { RuleIdParams } from '#shared/schemas/automation.ts';
import { ruleDeps } from '#shared/use-cases/automation/deps.ts';
import { deleteRule } from '#shared/use-cases/automation/rules.ts';

export const handler = api('deleteAutomatedResponse', { params: RuleIdParams }, async ({ params }) => {
  await deleteRule(ruleDeps, params.id);
  return noContent();
});
