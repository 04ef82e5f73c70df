/**
 * Escalation policies (admins write them). Every schedule and team a policy names must exist
 * (400 naming the field otherwise); deleting a schedule or team that a policy uses is refused
 * naming those policies: policy writes add reference items to the schedules and teams they name
 * (the on-call store's mechanism), which the schedule and team deletes check.
 * Edits never change a running escalation: the starter copied the policy.
 */
import { ConflictError, InvalidInputError, NotFoundError, PreconditionFailedError } from '#shared/domain/errors.ts';
import { ulid } from '#shared/domain/ids.ts';
import type { EscalationPolicy } from '#shared/domain/paging/escalation.ts';
import type { PolicyBodyInput } from '#shared/schemas/escalation.ts';
import type { EscalationStore } from '#shared/store/paging/escalation-store.ts';
import { StaleWrite, StillReferenced, UnknownReference } from '#shared/store/paging/paging-store.ts';
import type { OnCallDirectory } from '#shared/use-cases/paging/escalation-context.ts';
import { inUse } from '#shared/use-cases/paging/references.ts';

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
  try {
    await deps.escalations.createPolicy(policy);
  } catch (error) {
    // A schedule or team deleted between the check and the write.
    if (error instanceof UnknownReference) throw new InvalidInputError(`${error.kind} ${error.id} (${error.field}) does not exist.`, { field: 'steps' });
    throw error;
  }
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
  let replaced: boolean;
  try {
    replaced = await deps.escalations.replacePolicy(policy, current.version);
  } catch (error) {
    if (error instanceof UnknownReference) throw new InvalidInputError(`${error.kind} ${error.id} (${error.field}) does not exist.`, { field: 'steps' });
    throw error;
  }
  if (!replaced) {
    throw new PreconditionFailedError(`Escalation policy ${id} changed while your request was applied: fetch it again and reapply your change.`);
  }
  return policy;
}

export async function deletePolicy(deps: Pick<PolicyDeps, 'escalations'>, id: string): Promise<void> {
  let deleted: boolean;
  try {
    deleted = await deps.escalations.deletePolicy(id);
  } catch (error) {
    if (error instanceof StillReferenced) throw inUse(`Escalation policy ${id}`, error.references);
    if (error instanceof StaleWrite) throw new ConflictError(`Escalation policy ${id} changed or gained a reference while it was deleted; try again.`);
    throw error;
  }
  if (!deleted) throw new NotFoundError(`Escalation policy ${id} does not exist.`);
}
