/**
 * POST /v1/integrations/{id}/webhook: a generic webhook (issue 12). The integration's signing
 * secret is the credential: the raw body signed with it (`X-Signature-256: sha256=<hex>`), or the
 * secret itself for tools that cannot sign (`Authorization: Bearer …`, `X-Webhook-Secret`),
 * checked in constant time (shared/domain/integrations/signature.ts).
 *
 * An unknown id, an integration of another kind and a wrong credential are one and the same
 * refusal (the HTTP layer answers one 403), counted per client with the failure window of
 * `/v2/enqueue`, past which they are 429s. Only a caller that proved the secret learns whether its
 * payload is well formed (400 naming the field, nothing stored): the mapping or preset of the
 * integration (shared/domain/integrations/webhook.ts) checks every alert before any is enqueued.
 * Each alert then becomes a trigger or resolve through enqueueEvent, the use case of
 * `/v2/enqueue`, so dedup keys, counts, incidents and auto-resolution behave the same.
 */
import { verifyWebhookCredential } from '#shared/domain/integrations/signature.ts';
import { mapWebhook, type MappingIssue } from '#shared/domain/integrations/webhook.ts';
import type { PdEventInput } from '#shared/schemas/integrations.ts';
import type { IntegrationDeps } from '#shared/use-cases/integrations/deps.ts';
import { enqueueEvent, type EnqueueOutcome } from '#shared/use-cases/integrations/enqueue-event.ts';
import { countFailure, EVENTS_PER_KEY, MAX_EVENT_BYTES } from '#shared/use-cases/integrations/pd-request.ts';

export type WebhookAnswer =
  | { readonly kind: 'accepted'; readonly alerts: { dedup_key: string; event_action: 'trigger' | 'resolve'; result: EnqueueOutcome['result'] }[] }
  | { readonly kind: 'refused' }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number }
  | { readonly kind: 'invalid'; readonly detail: string; readonly issues: MappingIssue[] };

const invalid = (issues: MappingIssue[]): WebhookAnswer => ({ kind: 'invalid', detail: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues });

// A wrong credential for an unknown id costs the same HMAC as for a known one.
const DECOY_SECRET = `whsec_${'0'.repeat(43)}`;

export async function receiveWebhook(deps: IntegrationDeps, id: string, rawBody: string | undefined, headers: Readonly<Record<string, string | undefined>>, clientIp: string): Promise<WebhookAnswer> {
  const body = rawBody ?? '';
  if (Buffer.byteLength(body, 'utf8') > MAX_EVENT_BYTES) return invalid([{ path: 'body', message: `must be at most ${MAX_EVENT_BYTES / 1024} KB` }]);
  const now = deps.now();
  const target = /^INT-[0-9A-HJKMNP-TV-Z]{26}$/.test(id) ? await deps.integrations.webhookTarget(id) : undefined;
  const verified = verifyWebhookCredential(target?.secret ?? DECOY_SECRET, body, headers);
  if (!target || !verified) {
    const decision = await countFailure(deps, clientIp, now);
    return decision.allowed ? { kind: 'refused' } : { kind: 'throttled', retryAfterSeconds: decision.retryAfterSeconds };
  }
  if (body.trim() === '') return invalid([{ path: 'body', message: 'a JSON body is required' }]);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return invalid([{ path: 'body', message: `is not valid JSON: ${(error as Error).message}` }]);
  }
  const { integration } = target;
  if (!integration.webhook) return invalid([{ path: 'body', message: 'this integration has no webhook mapping' }]);
  const mapped = mapWebhook(json, integration.webhook, integration.name);
  if (!mapped.ok) return invalid(mapped.issues);
  const rate = await deps.limiter.take(EVENTS_PER_KEY, `webhook:${integration.id}`, now);
  if (!rate.allowed) return { kind: 'throttled', retryAfterSeconds: rate.retryAfterSeconds };
  const alerts: { dedup_key: string; event_action: 'trigger' | 'resolve'; result: EnqueueOutcome['result'] }[] = [];
  for (const alert of mapped.alerts) {
    const event: PdEventInput = {
      routing_key: '',
      event_action: alert.action,
      ...(alert.dedup_key !== undefined ? { dedup_key: alert.dedup_key } : {}),
      payload: { summary: alert.summary, source: alert.source, severity: alert.severity, custom_details: alert.custom_details },
    };
    const outcome = await enqueueEvent(deps, integration, event);
    alerts.push({ dedup_key: outcome.dedupKey, event_action: alert.action, result: outcome.result });
  }
  return { kind: 'accepted', alerts };
}
