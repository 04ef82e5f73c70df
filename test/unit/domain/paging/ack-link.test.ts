import { describe, expect, it } from 'vitest';
import { ackKey, ackLinkIssuer, signAckToken, verifyAckToken } from '#shared/domain/paging/ack-link.ts';

const key = ackKey('a-secret-of-at-least-thirty-two-characters');
const claims = { incident: 'INC-20261124-0042', user: 'alice', expires: 2_000_000_000, nonce: '01JD2X5Q7R8S9T0V1W2X3Y4Z5A' };

describe('acknowledge links', () => {
  it('verify with the key that signed them and name the incident and the person', () => {
    const token = signAckToken(key, claims);
    expect(verifyAckToken(key, token, 1_900_000_000)).toEqual({ ok: true, claims });
  });

  it('expire', () => {
    const token = signAckToken(key, claims);
    expect(verifyAckToken(key, token, 2_000_000_000)).toEqual({ ok: false, reason: 'expired', claims });
  });

  it('refuse another key, a changed payload or a changed signature', () => {
    const token = signAckToken(key, claims);
    expect(verifyAckToken(ackKey('another-secret-of-at-least-thirty-two-chars'), token, 1)).toEqual({ ok: false, reason: 'invalid' });
    const [payload, signature] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ i: claims.incident, u: 'mallory', e: claims.expires, n: claims.nonce })).toString('base64url');
    expect(verifyAckToken(key, `${forged}.${signature}`, 1).ok).toBe(false);
    expect(verifyAckToken(key, `${payload}.${signature.slice(0, -2)}AA`, 1).ok).toBe(false);
    expect(verifyAckToken(key, 'garbage', 1).ok).toBe(false);
    expect(verifyAckToken(key, `${payload}.${signature}.x`, 1).ok).toBe(false);
  });

  it('the issuer builds a link on the public base URL valid for a day', () => {
    const url = ackLinkIssuer('a-secret-of-at-least-thirty-two-characters', 'https://incidents.example.com/', () => 1_000)('INC-1', 'bob', 'EVT');
    const token = url.replace('https://incidents.example.com/v1/ack/', '');
    expect(verifyAckToken(key, token, 1_000)).toEqual({ ok: true, claims: { incident: 'INC-1', user: 'bob', nonce: 'EVT', expires: 1_000 + 86_400 } });
  });
});
