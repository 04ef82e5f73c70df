import { api, ok } from '#shared/http/api.ts';
import { ruleDeps } from '#shared/use-cases/automation/deps.ts';
import { listRules } from '#shared/use-cases/automation/rules.ts';

export const handler = api('listAutomatedResponses', {}, async () => ok({ items: await listRules(ruleDeps) }));
