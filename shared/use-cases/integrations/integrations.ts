/**
 * Integrations CRUD (issue 12). The credential is drawn here and returned once (create, rotate):
 * - `events_v2`: the routing key, stored only as its SHA-256 (a 128-bit random key needs no slow
 *   hash: it cannot be guessed);
 * - `webhook`: the signing secret `whsec_…` (256 random bits), which verifying an HMAC needs in
 *   the clear: it is kept on the integration item, read only by the webhook route, never listed.
 *   Its SHA-256 takes the routing key's place in the lookup item (which no 32-character routing
 *   key can name), so rotate and delete work the same for both kinds.
 */
import { createHash, randomBytes } from 'node:crypto';
import { NotFoundError, ConflictError } from '#shared/domain/errors.ts';
import { ulid } from '#shared/domain/ids.ts';
import type { Integration } from '#shared/domain/integrations/integration.ts';
import type { WebhookConfig } from '#shared/domain/integrations/webhook.ts';
import type { Page } from '#shared/store/incidents/incident-store.ts';
import type { CreateIntegrationInput } from '#shared/schemas/integrations.ts';
import type { IntegrationDeps } from '#shared/use-cases/integrations/deps.ts';

type StoreDeps = Pick<IntegrationDeps, 'integrations' | 'now'>;

/** 32 characters, like PagerDuty's integration keys. */
export const newRoutingKey = (): string => randomBytes(16).toString('hex');
export const hashRoutingKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');
/** `whsec_` and 256 random bits (43 base64url characters). */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

/** The answer of create and rotate: the integration with its new credential, shown this once. */
export type IntegrationWithCredential = Integration & ({ routing_key: string } | { secret: string });

function webhookConfig(input: CreateIntegrationInput['webhook']): WebhookConfig | null {
  if (!input) return null;
  if (input.preset !== undefined) return { preset: input.preset, mapping: null };
  return input.mapping ? { preset: null, mapping: input.mapping } : null;
}

/** A new credential for the kind: what is shown, what is hashed into the lookup item, what the integration item keeps. */
function credential(integration: Pick<Integration, 'kind'>): { shown: { routing_key: string } | { secret: string }; hash: string; secret?: string } {
  if (integration.kind === 'webhook') {
    const secret = newWebhookSecret();
    return { shown: { secret }, hash: hashRoutingKey(secret), secret };
  }
  const routingKey = newRoutingKey();
  return { shown: { routing_key: routingKey }, hash: hashRoutingKey(routingKey) };
}

export async function createIntegration(deps: StoreDeps, input: CreateIntegrationInput & { kind: 'events_v2' }): Promise<Integration & { routing_key: string }>;
export async function createIntegration(deps: StoreDeps, input: CreateIntegrationInput & { kind: 'webhook' }): Promise<Integration & { secret: string }>;
export async function createIntegration(deps: StoreDeps, input: CreateIntegrationInput): Promise<IntegrationWithCredential>;
export async function createIntegration(deps: StoreDeps, input: CreateIntegrationInput): Promise<IntegrationWithCredential> {
  const now = deps.now().toISOString();
  const integration: Integration = { id: `INT-${ulid(deps.now().getTime())}`, name: input.name, kind: input.kind, mapping: input.mapping, webhook: webhookConfig(input.webhook), created_at: now, updated_at: now, key_rotated_at: now };
  const issued = credential(integration);
  await deps.integrations.create(integration, issued.hash, issued.secret);
  return { ...integration, ...issued.shown };
}

export async function getIntegration(deps: StoreDeps, id: string): Promise<Integration> {
  const found = await deps.integrations.get(id);
  if (!found) throw new NotFoundError(`Integration ${id} does not exist.`);
  const { key_hash: _, ...integration } = found;
  return integration;
}

export const listIntegrations = (deps: StoreDeps, limit: number, cursor: string | undefined): Promise<Page<Integration>> => deps.integrations.list(limit, cursor);

/** A new routing key (`events_v2`) or signing secret (`webhook`); the old one stops working at once. */
export async function rotateRoutingKey(deps: StoreDeps, id: string): Promise<IntegrationWithCredential> {
  const found = await deps.integrations.get(id);
  if (!found) throw new NotFoundError(`Integration ${id} does not exist.`);
  const issued = credential(found);
  const at = deps.now().toISOString();
  if (!(await deps.integrations.rotate(id, found.key_hash, issued.hash, at, issued.secret))) throw new ConflictError(`Integration ${id} changed while its key was rotated; try again.`);
  const { key_hash: _, ...integration } = found;
  return { ...integration, updated_at: at, key_rotated_at: at, ...issued.shown };
}

export async function deleteIntegration(deps: StoreDeps, id: string): Promise<void> {
  const found = await deps.integrations.get(id);
  if (!found) throw new NotFoundError(`Integration ${id} does not exist.`);
  if (!(await deps.integrations.delete(id, found.key_hash))) throw new ConflictError(`Integration ${id} changed while it was deleted; try again.`);
}
