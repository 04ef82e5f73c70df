import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '#shared/domain/errors.ts';
import { subscriberLinkPage } from '#shared/domain/status/subscriber-pages.ts';
import { addressKey, signToken, verifyToken } from '#shared/domain/status/subscriber-token.ts';

const secret = 'test-secret-0123456789abcdef0123456789';
const claims = { purpose: 'confirm' as const, subscriberId: 'ssub_1', nonce: 'n1', expiresAt: 2_000 };

describe('signed subscriber links', () => {
  it('round-trips a valid token', () => {
    expect(verifyToken(secret, signToken(secret, claims), 'confirm', 1_000)).toEqual(claims);
  });

  it('refuses an expired token', () => {
    expect(() => verifyToken(secret, signToken(secret, claims), 'confirm', 2_001)).toThrow(/expired/);
  });

  it('refuses a token signed with another secret, or with a changed payload', () => {
    expect(() => verifyToken('other-secret-0123456789abcdef0123', signToken(secret, claims), 'confirm', 1_000)).toThrow(/signature/);
    const [, sig] = signToken(secret, claims).split('.');
    const forged = `${Buffer.from(JSON.stringify({ p: 'confirm', s: 'ssub_2', n: 'n1', e: 2_000 })).toString('base64url')}.${sig}`;
    expect(() => verifyToken(secret, forged, 'confirm', 1_000)).toThrow(/signature/);
  });

  it('refuses a token of the other purpose', () => {
    expect(() => verifyToken(secret, signToken(secret, { ...claims, purpose: 'unsubscribe' }), 'confirm', 1_000)).toThrow(/not a confirmation link/);
  });

  it('refuses malformed tokens as invalid input (400), never a crash', () => {
    for (const token of ['', 'abc', 'a.b.c', '!!.??', `${'a'.repeat(600)}.b`, 'e30.AAAA']) {
      expect(() => verifyToken(secret, token, 'confirm', 1_000), token).toThrow(InvalidInputError);
    }
  });

  it('keys an address case- and space-insensitively, without containing it', () => {
    expect(addressKey(secret, ' Ann@Example.com ')).toBe(addressKey(secret, 'ann@example.com'));
    expect(addressKey(secret, 'ann@example.com')).not.toContain('ann');
    expect(addressKey(secret, 'ann@example.com')).not.toBe(addressKey('another-secret-xxxxxxxxxxxxxxxxxx', 'ann@example.com'));
  });
});

describe("a link's GET page", () => {
  const form = { title: 'Confirm your subscription', message: 'Confirm that this address should receive status updates by e-mail.', button: 'Confirm subscription' };
  const at = (seconds: number) => new Date(seconds * 1000);

  it('shows the button for a link that can work, and changes nothing itself', () => {
    const page = subscriberLinkPage({ secret, token: signToken(secret, claims), purpose: 'confirm', now: at(1_000) }, form, 'https://status.example.com/status');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<form method="post"><button type="submit">Confirm subscription</button></form>');
  });

  it('says why a link cannot work (expired, forged, the other purpose, malformed), with a 400 and no button', () => {
    const cases: [string, number, RegExp][] = [
      [signToken(secret, claims), 2_001, /it has expired/],
      [signToken('other-secret-0123456789abcdef0123', claims), 1_000, /its signature does not match/],
      [signToken(secret, { ...claims, purpose: 'unsubscribe' }), 1_000, /it is not a confirmation link/],
      ['garbage', 1_000, /it is malformed/],
    ];
    for (const [token, now, reason] of cases) {
      const page = subscriberLinkPage({ secret, token, purpose: 'confirm', now: at(now) }, form, 'https://status.example.com/status');
      expect(page.status, token).toBe(400);
      expect(page.text).toContain('<h1>Link not valid</h1>');
      expect(page.text).toMatch(reason);
      expect(page.text).not.toContain('<form');
      expect(page.text).toContain('<a href="https://status.example.com/status">Current status</a>');
    }
  });
});
