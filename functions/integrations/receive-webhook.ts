import { api } from '#shared/http/api.ts';
import { badRequest, forbidden, HttpError } from '#shared/http/problem.ts';
import { WebhookIdParams } from '#shared/schemas/integrations.ts';
import { integrationDeps } from '#shared/use-cases/integrations/deps.ts';
import { receiveWebhook } from '#shared/use-cases/integrations/receive-webhook.ts';

/** Public: the integration's signing secret is the credential (shared/use-cases/integrations/receive-webhook.ts). */
export const handler = api('receiveWebhook', { params: WebhookIdParams, raw: true }, async ({ params, rawBody, headers, event }) => {
  const answer = await receiveWebhook(integrationDeps, params.id, rawBody, headers, event.requestContext.http.sourceIp);
  switch (answer.kind) {
    case 'accepted':
      return { status: 202, body: { status: 'accepted', alerts: answer.alerts } };
    case 'refused':
      // One answer for an unknown id, another kind of integration and a wrong signature or secret.
      throw forbidden('The webhook was not accepted: sign the raw body with the integration\'s secret (X-Signature-256: sha256=<hex HMAC-SHA256>) or send the secret (Authorization: Bearer <secret> or X-Webhook-Secret).');
    case 'throttled':
      throw new HttpError(429, 'Too many requests', `Too many webhook requests; retry in ${answer.retryAfterSeconds} s.`, { headers: { 'retry-after': String(answer.retryAfterSeconds) } });
    case 'invalid':
      throw badRequest(answer.detail, answer.issues);
  }
});
