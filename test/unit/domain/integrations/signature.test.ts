/** The webhook credential (shared/domain/integrations/signature.ts): an HMAC of the raw body, or the secret itself. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signBody, verifyWebhookCredential } from '#shared/domain/integrations/signature.ts';

const secret = 'whsec_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const body = '{"alerts":[{"status":"firing"}]}';

describe('webhook signature', () => {
  it('is sha256=<hex HMAC-SHA256 of the raw body> keyed with the secret', () => {
    expect(signBody(secret, body)).toBe(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  });

  it('accepts the right signature (hex in any case) and refuses any other', () => {
    const good = signBody(secret, body);
    expect(verifyWebhookCredential(secret, body, { 'x-signature-256': good })).toBe(true);
    expect(verifyWebhookCredential(secret, body, { 'x-signature-256': good.toUpperCase().replace('SHA256=', 'sha256=') })).toBe(true);
    expect(verifyWebhookCredential(secret, `${body} `, { 'x-signature-256': good })).toBe(false);
    expect(verifyWebhookCredential(`${secret}x`, body, { 'x-signature-256': good })).toBe(false);
    expect(verifyWebhookCredential(secret, body, { 'x-signature-256': good.slice(0, -1) })).toBe(false);
    expect(verifyWebhookCredential(secret, body, { 'x-signature-256': good.replace('sha256=', '') })).toBe(false);
  });

  it('a signature header, even wrong, is never rescued by a secret header', () => {
    expect(verifyWebhookCredential(secret, body, { 'x-signature-256': 'sha256=00', 'x-webhook-secret': secret })).toBe(false);
  });

  it('accepts the secret itself as Bearer or X-Webhook-Secret, for tools that cannot sign', () => {
    expect(verifyWebhookCredential(secret, body, { authorization: `Bearer ${secret}` })).toBe(true);
    expect(verifyWebhookCredential(secret, body, { authorization: `bearer ${secret}` })).toBe(true);
    expect(verifyWebhookCredential(secret, body, { 'x-webhook-secret': secret })).toBe(true);
    expect(verifyWebhookCredential(secret, body, { authorization: `Basic ${secret}` })).toBe(false);
    expect(verifyWebhookCredential(secret, body, { 'x-webhook-secret': secret.slice(0, -1) })).toBe(false);
    expect(verifyWebhookCredential(secret, body, { 'x-webhook-secret': '' })).toBe(false);
    expect(verifyWebhookCredential(secret, body, {})).toBe(false);
  });
});
