/**
 * Acknowledge links (shared/domain/paging/ack-link.ts). GET only shows what the link would do
 * (link previewers and mail scanners prefetch GETs: they must not acknowledge); POST acknowledges
 * as the person the link names, once: the link's nonce is recorded with a conditional write
 * before the acknowledgement. An invalid, expired or used link, or an incident that is no longer
 * open, changes nothing and says why.
 */
import { createHash } from 'node:crypto';
import { ConflictError } from '#shared/domain/errors.ts';
import { ACK_LINK_TTL_SECONDS, verifyAckToken, type AckClaims } from '#shared/domain/paging/ack-link.ts';
import type { Incident } from '#shared/domain/incidents/incident.ts';
import type { EscalationStore } from '#shared/store/paging/escalation-store.ts';
import type { Deps } from '#shared/use-cases/context.ts';
import { changeStatus } from '#shared/use-cases/incidents/change-status.ts';

export interface AckLinkDeps {
  readonly incidents: Deps;
  readonly escalations: Pick<EscalationStore, 'ackLinkUsed' | 'useAckLink'>;
  readonly key: Buffer;
}

export type AckLinkState =
  | { state: 'invalid' }
  | { state: 'expired'; claims: AckClaims }
  | { state: 'used'; claims: AckClaims; used_at: string }
  | { state: 'not_open'; claims: AckClaims; incident: Incident | undefined }
  | { state: 'ready'; claims: AckClaims; incident: Incident }
  | { state: 'acknowledged'; claims: AckClaims; incident: Incident };

export const nonceHash = (claims: AckClaims): string => createHash('sha256').update(`${claims.incident}\n${claims.user}\n${claims.nonce}`).digest('base64url');

export async function inspectAckLink(deps: AckLinkDeps, token: string): Promise<AckLinkState> {
  const check = verifyAckToken(deps.key, token, Math.floor(deps.incidents.now().getTime() / 1000));
  if (!check.ok) return check.reason === 'expired' && check.claims ? { state: 'expired', claims: check.claims } : { state: 'invalid' };
  const { claims } = check;
  const [used, incident] = await Promise.all([deps.escalations.ackLinkUsed(nonceHash(claims)), deps.incidents.store.get(claims.incident)]);
  if (used) return { state: 'used', claims, used_at: used.used_at };
  if (!incident || incident.status !== 'open') return { state: 'not_open', claims, incident };
  return { state: 'ready', claims, incident };
}

export async function useAckLink(deps: AckLinkDeps, token: string): Promise<AckLinkState> {
  const inspected = await inspectAckLink(deps, token);
  if (inspected.state !== 'ready') return inspected;
  const { claims } = inspected;
  const now = deps.incidents.now();
  const first = await deps.escalations.useAckLink(nonceHash(claims), { incident: claims.incident, user: claims.user, at: now.toISOString(), ttl: Math.floor(now.getTime() / 1000) + 2 * ACK_LINK_TTL_SECONDS });
  if (!first) return { state: 'used', claims, used_at: now.toISOString() };
  try {
    const { incident } = await changeStatus(deps.incidents, claims.incident, 'acknowledged', { id: claims.user, name: claims.user, kind: 'user' }, 'acknowledged from the link in a page');
    return { state: 'acknowledged', claims, incident };
  } catch (error) {
    // Someone moved it on between the check and the write: the link changed nothing.
    if (error instanceof ConflictError) return { state: 'not_open', claims, incident: await deps.incidents.store.get(claims.incident) };
    throw error;
  }
}
