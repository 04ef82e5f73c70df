/**
 * Public subscribers on DynamoDB Local: the confirm flow through the real store, single use under
 * concurrency (many confirmations of one link: exactly one succeeds), replay and forgery refused
 * with nothing changed, limits per address, unsubscribe removing every item.
 */
import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidInputError } from '#shared/domain/errors.ts';
import { addressKey, signToken } from '#shared/domain/status/subscriber-token.ts';
import { DynamoComponentStore } from '#shared/store/components/dynamo-component-store.ts';
import { DynamoRateLimiter } from '#shared/store/rate-limit.ts';
import { DynamoSubscriberStore } from '#shared/store/status/dynamo-subscriber-store.ts';
import { confirmLink, confirmSubscription, subscribe, unsubscribe, unsubscribeLink, type SubscriberDeps } from '#shared/use-cases/status/subscribers.ts';

const store = new DynamoSubscriberStore();
const deps: SubscriberDeps = { subscribers: store, limits: new DynamoRateLimiter(), components: new DynamoComponentStore(), secret: 'integration-secret-0123456789abcdefghij', apiBaseUrl: 'https://api.test', now: () => new Date() };
const tokenOf = (link: string) => new URL(link).searchParams.get('token') ?? '';
const now = () => Math.floor(Date.now() / 1000);

describe('public subscribers on DynamoDB Local', () => {
  it('subscribes pending, confirms exactly once under 20 concurrent confirmations, then lists it for fan-out', async () => {
    const email = `ann-${Date.now()}@example.com`;
    expect(await subscribe(deps, { email }, '10.0.0.1')).toEqual({ kind: 'accepted' });
    const pending = await store.byAddress(addressKey(deps.secret, email));
    expect(pending).toMatchObject({ state: 'pending', email });
    expect((await store.confirmed()).some((s) => s.id === pending?.id)).toBe(false);
    const token = tokenOf(confirmLink(deps, pending!, now()));
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => confirmSubscription(deps, token)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
    expect(await store.get(pending!.id)).toMatchObject({ state: 'confirmed', confirm_nonce: null });
    expect((await store.confirmed()).find((s) => s.id === pending?.id)).toEqual({ id: pending?.id, email, components: [] });
  });

  it('refuses a forged or superseded link and changes nothing', async () => {
    const email = `bob-${Date.now()}@example.com`;
    await subscribe(deps, { email }, '10.0.0.2');
    const first = await store.byAddress(addressKey(deps.secret, email));
    const oldToken = tokenOf(confirmLink(deps, first!, now()));
    await subscribe(deps, { email }, '10.0.0.2'); // a new request: a new nonce replaces the old link
    await expect(confirmSubscription(deps, oldToken)).rejects.toBeInstanceOf(ConflictError);
    const forged = signToken('another-secret-0123456789abcdefghijkl', { purpose: 'confirm', subscriberId: first!.id, nonce: 'x', expiresAt: now() + 60 });
    await expect(confirmSubscription(deps, forged)).rejects.toBeInstanceOf(InvalidInputError);
    expect(await store.get(first!.id)).toMatchObject({ state: 'pending' });
  });

  it('limits attempts per address', async () => {
    const email = `carol-${Date.now()}@example.com`;
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push((await subscribe(deps, { email }, `10.0.1.${i}`)).kind);
    expect(outcomes).toEqual(['accepted', 'accepted', 'accepted', 'rate_limited']);
  });

  it('unsubscribes: the subscriber, its address and its confirmed copy are gone', async () => {
    const email = `dan-${Date.now()}@example.com`;
    await subscribe(deps, { email }, '10.0.0.3');
    const s = await store.byAddress(addressKey(deps.secret, email));
    await confirmSubscription(deps, tokenOf(confirmLink(deps, s!, now())));
    await unsubscribe(deps, tokenOf(unsubscribeLink(deps, s!.id, now())));
    await unsubscribe(deps, tokenOf(unsubscribeLink(deps, s!.id, now())));
    expect(await store.get(s!.id)).toBeUndefined();
    expect(await store.byAddress(addressKey(deps.secret, email))).toBeUndefined();
    expect((await store.confirmed()).some((c) => c.id === s!.id)).toBe(false);
  });
});
