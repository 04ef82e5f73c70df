/**
 * Escalation policies (admins write them). Every schedule and team a policy names must exist
 * (400 naming the field otherwise); deleting a schedule or team that a policy uses is refused
 * with the names of those policies (`policiesUsing`, called by the team and schedule deletes).
 * Edits never change a running escalation: the starter copied the policy.
 */
import { ConflictError, InvalidInputError, NotFoundError, PreconditionFailedError } from '#shared/domain/errors.ts';
import { ulid } from '#shared/domain/ids.ts';
import { policyReferences, type EscalationPolicy } from '#shared/domain/paging/escalation.ts';
import type { PolicyBodyInput } from '#shared/schemas/escalation.ts';
import type { EscalationStore } from '#shared/store/paging/escalation-store.ts';
import type { OnCallDirectory } from '#shared/use-cases/paging/escalation-context.ts';

export interface PolicyDeps {
  readonly escalations: EscalationStore;
  readonly directory: Pick<OnCallDirectory, 'team' | 'scheduleExists'>;
  readonly now: () => Date;
}

async function checkReferences(deps: PolicyDeps, input: PolicyBodyInput): Promise<void> {
  const checks: Promise<string | undefined>[] = [];
  input.conditions.teams.forEach((team, i) => checks.push(deps.directory.team(team).then((t) => (t ? undefined : `conditions.teams.${i}: team '${team}' does not exist`))));
  input.steps.forEach((step, s) =>
    step.targets.forEach((target, t) => {
      const field = `steps.${s}.targets.${t}.id`;
      if (target.type === 'team') checks.push(deps.directory.team(target.id).then((found) => (found ? undefined : `${field}: team '${target.id}' does not exist`)));
      if (target.type === 'schedule') checks.push(deps.directory.scheduleExists(target.id).then((found) => (found ? undefined : `${field}: schedule '${target.id}' does not exist`)));
    }),
  );
  const problems = (await Promise.all(checks)).filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new InvalidInputError(problems.join('; '), { errors: problems.map((p) => ({ path: `body.${p.split(':')[0]}`, message: p.slice(p.indexOf(':') + 2) })) });
}

export async function createPolicy(deps: PolicyDeps, input: PolicyBodyInput, by: string): Promise<EscalationPolicy> {
  await checkReferences(deps, input);
  const now = deps.now().toISOString();
  const policy: EscalationPolicy = { id: `pol_${ulid(Date.parse(now))}`, ...input, created_by: by, created_at: now, updated_at: now, version: 1 };
  await deps.escalations.createPolicy(policy);
  return policy;
}

export async function getPolicy(deps: Pick<PolicyDeps, 'escalations'>, id: string): Promise<EscalationPolicy> {
  const policy = await deps.escalations.getPolicy(id);
  if (!policy) throw new NotFoundError(`Escalation policy ${id} does not exist.`);
  return policy;
}

export async function listPolicies(deps: Pick<PolicyDeps, 'escalations'>): Promise<EscalationPolicy[]> {
  return (await deps.escalations.listPolicies()).sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
}

/** PUT: replaces the policy; with If-Match only if it is still at that version. */
export async function replacePolicy(deps: PolicyDeps, id: string, input: PolicyBodyInput, expectedVersion: number | undefined): Promise<EscalationPolicy> {
  const current = await getPolicy(deps, id);
  if (expectedVersion !== undefined && current.version !== expectedVersion) {
    throw new PreconditionFailedError(`Escalation policy ${id} is at version ${current.version}, not ${expectedVersion}.`, { current_version: current.version });
  }
  await checkReferences(deps, input);
  const policy: EscalationPolicy = { ...current, ...input, updated_at: deps.now().toISOString(), version: current.version + 1 };
  if (!(await deps.escalations.replacePolicy(policy, current.version))) {
    throw new PreconditionFailedError(`Escalation policy ${id} changed while your request was applied: fetch it again and reapply your change.`);
  }
  return policy;
}

export async function deletePolicy(deps: Pick<PolicyDeps, 'escalations'>, id: string): Promise<void> {
  if (!(await deps.escalations.deletePolicy(id))) throw new NotFoundError(`Escalation policy ${id} does not exist.`);
}

/** The policies that name a schedule or a team (in a step target, or a team in the conditions). */
export async function policiesUsing(deps: Pick<PolicyDeps, 'escalations'>, kind: 'schedule' | 'team', id: string): Promise<EscalationPolicy[]> {
  const policies = await deps.escalations.listPolicies();
  return policies.filter((p) => (kind === 'schedule' ? policyReferences(p).schedules : policyReferences(p).teams).includes(id));
}

/** For the team and schedule deletes: a 409 naming the policies that still use it. */
export async function assertUnused(deps: Pick<PolicyDeps, 'escalations'>, kind: 'schedule' | 'team', id: string): Promise<void> {
  const using = await policiesUsing(deps, kind, id);
  if (using.length > 0) {
    throw new ConflictError(`The ${kind} ${id} is used by escalation ${using.length === 1 ? 'policy' : 'policies'} ${using.map((p) => `'${p.name}' (${p.id})`).join(', ')}; change or delete them first.`, {
      policies: using.map((p) => ({ id: p.id, name: p.name })),
    });
  }
}
