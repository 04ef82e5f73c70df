/**
 * Integrations CRUD (issue 12). The routing key is drawn here, returned once (create, rotate) and
 * stored only as its SHA-256 (a 128-bit random key needs no slow hash: it cannot be guessed).
 */
import { createHash, randomBytes } from 'node:crypto';
import { NotFoundError, ConflictError } from '#shared/domain/errors.ts';
import { ulid } from '#shared/domain/ids.ts';
import type { Integration } from '#shared/domain/integrations/integration.ts';
import type { Page } from '#shared/store/incidents/incident-store.ts';
import type { CreateIntegrationInput } from '#shared/schemas/integrations.ts';
import type { IntegrationDeps } from '#shared/use-cases/integrations/deps.ts';

type StoreDeps = Pick<IntegrationDeps, 'integrations' | 'now'>;

/** 32 characters, like PagerDuty's integration keys. */
export const newRoutingKey = (): string => randomBytes(16).toString('hex');
export const hashRoutingKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

export async function createIntegration(deps: StoreDeps, input: CreateIntegrationInput): Promise<Integration & { routing_key: string }> {
  const now = deps.now().toISOString();
  const integration: Integration = { id: `INT-${ulid(deps.now().getTime())}`, name: input.name, kind: input.kind, mapping: input.mapping, created_at: now, updated_at: now, key_rotated_at: now };
  const routingKey = newRoutingKey();
  await deps.integrations.create(integration, hashRoutingKey(routingKey));
  return { ...integration, routing_key: routingKey };
}

export async function getIntegration(deps: StoreDeps, id: string): Promise<Integration> {
  const found = await deps.integrations.get(id);
  if (!found) throw new NotFoundError(`Integration ${id} does not exist.`);
  const { key_hash: _, ...integration } = found;
  return integration;
}

export const listIntegrations = (deps: StoreDeps, limit: number, cursor: string | undefined): Promise<Page<Integration>> => deps.integrations.list(limit, cursor);

export async function rotateRoutingKey(deps: StoreDeps, id: string): Promise<Integration & { routing_key: string }> {
  const found = await deps.integrations.get(id);
  if (!found) throw new NotFoundError(`Integration ${id} does not exist.`);
  const routingKey = newRoutingKey();
  const at = deps.now().toISOString();
  if (!(await deps.integrations.rotate(id, found.key_hash, hashRoutingKey(routingKey), at))) throw new ConflictError(`Integration ${id} changed while its key was rotated; try again.`);
  const { key_hash: _, ...integration } = found;
  return { ...integration, updated_at: at, key_rotated_at: at, routing_key: routingKey };
}

export async function deleteIntegration(deps: StoreDeps, id: string): Promise<void> {
  const found = await deps.integrations.get(id);
  if (!found) throw new NotFoundError(`Integration ${id} does not exist.`);
  if (!(await deps.integrations.delete(id, found.key_hash))) throw new ConflictError(`Integration ${id} changed while it was deleted; try again.`);
}
