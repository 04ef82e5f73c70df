/**
 * Notification preferences on DynamoDB Local: the use cases and the store together. A person's
 * webhook signing secret is generated with their first webhook channel, kept by later PUTs,
 * dropped with the last one, rotated in place, and never overwritten by a concurrent writer.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, NotFoundError } from '#shared/domain/errors.ts';
import { DynamoNotificationStore } from '#shared/store/notifications/dynamo-notification-store.ts';
import type { PreferencesInput } from '#shared/schemas/notification.ts';
import { rotateWebhookSecret } from '#shared/use-cases/notifications/rotate-webhook-secret.ts';
import { getPreferences, putPreferences, type Caller, type NotificationDeps } from '#shared/use-cases/notifications/subscriptions.ts';

const store = new DynamoNotificationStore();
const deps: NotificationDeps = { store, stage: 'local', now: () => new Date('2026-11-24T10:00:00Z') };
const person = (): Caller => {
  const id = `dave-${randomUUID().slice(0, 8)}`;
  return { id, name: id, admin: false };
};
const input = (channels: PreferencesInput['channels']): PreferencesInput => ({ enabled: true, channels, event_types: [], min_severity: null, services: [], teams: [], only_assigned: false });
const hook = (n = 1) => ({ channel: 'webhook' as const, target: `http://127.0.0.1:9/hook-${n}` });

async function rejected(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('personal webhook secrets on DynamoDB Local', () => {
  it('are generated with the first webhook channel and shown by that PUT only; reads never show them', async () => {
    const dave = person();
    const first = await putPreferences(deps, dave.id, input([hook()]), dave);
    expect(first.webhook_secret).toMatch(/^whsec_[\w-]{43}$/);
    const stored = await store.getPreferences(dave.id);
    expect(stored?.webhook_secret).toBe(first.webhook_secret);

    const read = await getPreferences(deps, dave.id, dave);
    expect(read).not.toHaveProperty('webhook_secret');
    expect(JSON.stringify(read)).not.toContain(String(first.webhook_secret));

    // Another PUT with webhooks keeps the secret and does not show it.
    const second = await putPreferences(deps, dave.id, input([hook(), hook(2), { channel: 'email', target: 'dave@example.com' }]), dave);
    expect(second).not.toHaveProperty('webhook_secret');
    expect((await store.getPreferences(dave.id))?.webhook_secret).toBe(first.webhook_secret);

    // No webhook left: the secret goes; a webhook added again gets a new one.
    await putPreferences(deps, dave.id, input([{ channel: 'email', target: 'dave@example.com' }]), dave);
    expect((await store.getPreferences(dave.id))?.webhook_secret).toBeUndefined();
    const again = await putPreferences(deps, dave.id, input([hook()]), dave);
    expect(again.webhook_secret).toMatch(/^whsec_/);
    expect(again.webhook_secret).not.toBe(first.webhook_secret);
  });

  it('rotate in place; a person without a webhook channel has nothing to rotate (404)', async () => {
    const dave = person();
    const { webhook_secret: original } = await putPreferences(deps, dave.id, input([hook()]), dave);
    const rotated = await rotateWebhookSecret(deps, dave.id);
    expect(rotated.user_id).toBe(dave.id);
    expect(rotated.webhook_secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(rotated.webhook_secret).not.toBe(original);
    const stored = await store.getPreferences(dave.id);
    expect(stored).toMatchObject({ webhook_secret: rotated.webhook_secret, channels: [hook()] });

    const nobody = person();
    expect(await rejected(rotateWebhookSecret(deps, nobody.id))).toBeInstanceOf(NotFoundError);
    expect(await store.getPreferences(nobody.id)).toBeUndefined();
    await putPreferences(deps, nobody.id, input([{ channel: 'email', target: 'n@example.com' }]), nobody);
    expect(await rejected(rotateWebhookSecret(deps, nobody.id))).toBeInstanceOf(NotFoundError);
    expect((await store.getPreferences(nobody.id))?.webhook_secret).toBeUndefined();
  });

  it('a write that read a secret a rotation has since replaced writes nothing', async () => {
    const dave = person();
    const { webhook_secret: original } = await putPreferences(deps, dave.id, input([hook()]), dave);
    const { webhook_secret: rotated } = await rotateWebhookSecret(deps, dave.id);
    const stale = { ...(await store.getPreferences(dave.id))!, webhook_secret: original, min_severity: 'critical' as const };
    expect(await store.putPreferences(stale, original)).toBe(false);
    expect(await store.getPreferences(dave.id)).toMatchObject({ webhook_secret: rotated, min_severity: null });
    // Two first webhooks at once: both answers carry a secret only if it is the stored one.
    const erin = person();
    const answers = await Promise.all([putPreferences(deps, erin.id, input([hook()]), erin), putPreferences(deps, erin.id, input([hook(2)]), erin)]);
    const shown = answers.map((a) => a.webhook_secret).filter((s) => s !== undefined);
    expect(shown).toHaveLength(1);
    expect((await store.getPreferences(erin.id))?.webhook_secret).toBe(shown[0]);
  });

  it('refuses more than 3 webhook targets and unsafe URLs, naming the field, storing nothing', async () => {
    const dave = person();
    const many = await rejected(putPreferences(deps, dave.id, input([hook(1), hook(2), hook(3), hook(4)]), dave));
    expect(many).toBeInstanceOf(InvalidInputError);
    expect(many.message).toContain('channels');
    const remote = await rejected(putPreferences(deps, dave.id, input([{ channel: 'email', target: 'dave@example.com' }, { channel: 'webhook', target: 'http://example.com/hook' }]), dave));
    expect(remote).toBeInstanceOf(InvalidInputError);
    expect((remote as InvalidInputError).details).toEqual({ field: 'channels.1.target' });
    expect(await store.getPreferences(dave.id)).toBeUndefined();
  });
});
