/**
 * The shared fixed-window limiter on DynamoDB Local: exactly `limit` of many concurrent attempts
 * pass, refused attempts are not counted, subjects and scopes are independent, and a new window
 * starts empty. The clock is injected: windows are computed from the `now` each call is given.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoRateLimiter, windowOf, type RateRule } from '#shared/store/rate-limit.ts';

const limiter = new DynamoRateLimiter();
const rule = (limit: number): RateRule => ({ scope: `test-${randomUUID()}`, limit, windowSeconds: 60 });
const at = (iso: string) => new Date(iso);

describe('fixed-window rate limits on DynamoDB Local', () => {
  it('lets exactly the limit of 50 concurrent attempts through, and refuses the rest with the seconds left in the window', async () => {
    const r = rule(20);
    const now = at('2026-12-02T10:00:15.000Z');
    const decisions = await Promise.all(Array.from({ length: 50 }, () => limiter.take(r, 'client-a', now)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(20);
    expect(decisions.filter((d) => !d.allowed)).toEqual(Array.from({ length: 30 }, () => ({ allowed: false, retryAfterSeconds: 45 })));
  });

  it('counts subjects and scopes apart, and starts each window empty', async () => {
    const r = rule(2);
    const now = at('2026-12-02T10:00:59.500Z');
    expect((await limiter.take(r, 'a', now)).allowed).toBe(true);
    expect((await limiter.take(r, 'a', now)).allowed).toBe(true);
    expect(await limiter.take(r, 'a', now)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect((await limiter.take(r, 'b', now)).allowed).toBe(true);
    expect((await limiter.take({ ...r, scope: `${r.scope}-other` }, 'a', now)).allowed).toBe(true);
    // The next minute is a new window.
    expect((await limiter.take(r, 'a', at('2026-12-02T10:01:00.000Z'))).allowed).toBe(true);
  });

  it('does not count refused attempts: after the window the full limit is available again', async () => {
    const r = rule(1);
    const first = at('2026-12-02T11:00:00.000Z');
    expect((await limiter.take(r, 'a', first)).allowed).toBe(true);
    for (let i = 0; i < 5; i++) expect((await limiter.take(r, 'a', first)).allowed).toBe(false);
    expect((await limiter.take(r, 'a', at('2026-12-02T11:01:00.000Z'))).allowed).toBe(true);
  });

  it('refuses a window that is not a positive whole number of seconds', () => {
    expect(() => windowOf({ windowSeconds: 0 }, new Date())).toThrow(RangeError);
    expect(() => windowOf({ windowSeconds: 1.5 }, new Date())).toThrow(RangeError);
  });
});
