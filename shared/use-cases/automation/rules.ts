/**
 * Automated-response rules (admins write them, viewers read them). Checked beyond the schema:
 * a webhook URL as notification webhooks are (shared/notify/target-safety.ts), a Lambda ARN and an
 * SSM document against the allow-lists of the configuration; each refusal is a 400 naming the field.
 * A webhook's secret is never shown again (`has_secret`).
 */
import { publicRule, type AutomatedResponseRule } from '#shared/domain/automation/automated-response.ts';
import { ConflictError, InvalidInputError, NotFoundError, PreconditionFailedError } from '#shared/domain/errors.ts';
import { ulid } from '#shared/domain/ids.ts';
import { checkTarget, UnsafeTargetError } from '#shared/notify/target-safety.ts';
import type { RuleBodyInput } from '#shared/schemas/automation.ts';
import { MAX_RULES } from '#shared/store/automation/automation-store.ts';
import type { RuleDeps } from '#shared/use-cases/automation/context.ts';

const refuse = (field: string, message: string): never => {
  throw new InvalidInputError(`${field}: ${message}`, { errors: [{ path: `body.${field}`, message }] });
};

async function checkAction(deps: RuleDeps, input: RuleBodyInput): Promise<void> {
  const action = input.action;
  switch (action.type) {
    case 'webhook':
      try {
        await checkTarget('webhook', action.url, deps.stage, deps.lookup);
      } catch (error) {
        if (error instanceof UnsafeTargetError) refuse('action.url', error.message);
        throw error;
      }
      return;
    case 'lambda':
      if (!deps.allow.lambda.includes(action.function_arn)) {
        refuse('action.function_arn', `${action.function_arn} is not in the allow-list of Lambda functions (AUTOMATION_LAMBDA_ALLOWLIST${deps.allow.lambda.length === 0 ? ', which is empty' : ''}).`);
      }
      return;
    case 'ssm_automation':
      if (!deps.allow.ssm.includes(action.document_name)) {
        refuse('action.document_name', `${action.document_name} is not in the allow-list of SSM Automation documents (AUTOMATION_SSM_DOCUMENTS${deps.allow.ssm.length === 0 ? ', which is empty' : ''}).`);
      }
      return;
  }
}

export type PublicRule = ReturnType<typeof publicRule>;

export async function createRule(deps: RuleDeps, input: RuleBodyInput, by: string): Promise<PublicRule> {
  await checkAction(deps, input);
  if ((await deps.automation.listRules()).length >= MAX_RULES) throw new ConflictError(`At most ${MAX_RULES} automated responses; delete one first.`);
  const now = deps.now().toISOString();
  const rule: AutomatedResponseRule = { id: `arr_${ulid(Date.parse(now))}`, ...input, created_by: by, created_at: now, updated_at: now, version: 1 };
  await deps.automation.createRule(rule);
  return publicRule(rule);
}

async function stored(deps: Pick<RuleDeps, 'automation'>, id: string): Promise<AutomatedResponseRule> {
  const rule = await deps.automation.getRule(id);
  if (!rule) throw new NotFoundError(`Automated response ${id} does not exist.`);
  return rule;
}

export async function getRule(deps: Pick<RuleDeps, 'automation'>, id: string): Promise<PublicRule> {
  return publicRule(await stored(deps, id));
}

export async function listRules(deps: Pick<RuleDeps, 'automation'>): Promise<PublicRule[]> {
  return (await deps.automation.listRules()).sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id)).map(publicRule);
}

/** PUT: replaces the rule; with If-Match only if it is still at that version. Running executions are not changed. */
export async function replaceRule(deps: RuleDeps, id: string, input: RuleBodyInput, expectedVersion: number | undefined): Promise<PublicRule> {
  const current = await stored(deps, id);
  if (expectedVersion !== undefined && current.version !== expectedVersion) {
    throw new PreconditionFailedError(`Automated response ${id} is at version ${current.version}, not ${expectedVersion}.`, { current_version: current.version });
  }
  await checkAction(deps, input);
  const rule: AutomatedResponseRule = { ...current, ...input, updated_at: deps.now().toISOString(), version: current.version + 1 };
  if (!(await deps.automation.replaceRule(rule, current.version))) {
    throw new PreconditionFailedError(`Automated response ${id} changed while your request was applied: fetch it again and reapply your change.`);
  }
  return publicRule(rule);
}

export async function deleteRule(deps: Pick<RuleDeps, 'automation'>, id: string): Promise<void> {
  if (!(await deps.automation.deleteRule(id))) throw new NotFoundError(`Automated response ${id} does not exist.`);
}
