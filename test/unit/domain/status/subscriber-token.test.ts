import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '#shared/domain/errors.ts';
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
    expect(() => verifyToken(secret, signToken(secret, { ...claims, purpose: 'unsubscribe' }), 'confirm', 1_000)).toThrow(/not a confirm link/);
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
