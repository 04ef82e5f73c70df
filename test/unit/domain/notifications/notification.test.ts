import { describe, expect, it } from 'vitest';
import { recipientsFor, retryDelaySeconds, targetHash, signWebhook, verifyWebhook, type EventFacts, type NotificationPreferences, type Subscription } from '#shared/domain/notifications/notification.ts';

const facts: EventFacts = { type: 'incident.created', subject: 'INC-20261124-0001', severity: 'high', services: ['payments', 'checkout'], team: 'payments', assignee: 'alice' };
const filters = { event_types: [], severities: [], services: [], teams: [], incidents: [] };
const sub = (id: string, extra: Partial<Subscription> = {}): Subscription => ({ id, name: id, channel: 'webhook', target: `https://h.example.com/${id}`, filters, enabled: true, created_by: 'a', created_at: '', ...extra });
const prefs = (extra: Partial<NotificationPreferences> = {}): NotificationPreferences => ({
  user_id: 'u-1', username: 'alice', enabled: true, channels: [{ channel: 'email', target: 'alice@example.com' }], event_types: [], min_severity: null, services: [], teams: [], only_assigned: false, updated_at: '', ...extra,
});

describe('recipients', () => {
  it('matches subscriptions on every filter (empty = any)', () => {
    const subs = [
      sub('all'),
      sub('types', { filters: { ...filters, event_types: ['incident.resolved'] } }),
      sub('sev', { filters: { ...filters, severities: ['critical', 'high'] } }),
      sub('svc', { filters: { ...filters, services: ['checkout'] } }),
      sub('other-svc', { filters: { ...filters, services: ['search'] } }),
      sub('team', { filters: { ...filters, teams: ['search'] } }),
      sub('incident', { filters: { ...filters, incidents: ['INC-20261124-0001'] } }),
      sub('disabled', { enabled: false }),
    ];
    expect(recipientsFor(facts, subs, []).map((r) => r.subscription_id)).toEqual(['all', 'sev', 'svc', 'incident']);
  });

  it('matches preferences on type, minimum severity, services, teams and assignment', () => {
    expect(recipientsFor(facts, [], [prefs()])).toHaveLength(1);
    expect(recipientsFor(facts, [], [prefs({ min_severity: 'high' })])).toHaveLength(1);
    expect(recipientsFor(facts, [], [prefs({ min_severity: 'critical' })])).toHaveLength(0);
    expect(recipientsFor({ ...facts, severity: undefined }, [], [prefs({ min_severity: 'minor' })])).toHaveLength(0);
    expect(recipientsFor(facts, [], [prefs({ only_assigned: true })])).toHaveLength(1);
    expect(recipientsFor({ ...facts, assignee: 'bob' }, [], [prefs({ only_assigned: true })])).toHaveLength(0);
    expect(recipientsFor(facts, [], [prefs({ enabled: false })])).toHaveLength(0);
    expect(recipientsFor(facts, [], [prefs({ teams: ['search'] })])).toHaveLength(0);
    expect(recipientsFor(facts, [], [prefs({ event_types: ['incident.resolved'] })])).toHaveLength(0);
  });

  it('gives one recipient per channel of a person, and never the same target twice', () => {
    const person = prefs({ channels: [{ channel: 'email', target: 'alice@example.com' }, { channel: 'sns', target: 'arn:aws:sns:eu-west-1:123456789012:a' }] });
    const same = sub('mail', { channel: 'email', target: 'alice@example.com' });
    const recipients = recipientsFor(facts, [same], [person]);
    expect(recipients.map((r) => `${r.kind} ${r.channel}`)).toEqual(['subscription email', 'user sns']);
    expect(new Set(recipients.map((r) => r.id)).size).toBe(recipients.length);
  });

  it('names a person\'s recipient by a hash of the target, never the target (webhook, Slack and Teams URLs are credentials)', () => {
    const channels = [
      { channel: 'webhook' as const, target: 'https://hooks.example.net/alice/token-1' },
      { channel: 'webhook' as const, target: 'https://hooks.example.net/alice/token-2' },
      { channel: 'slack' as const, target: 'https://hooks.slack.com/services/T0/B0/secret' },
    ];
    const recipients = recipientsFor(facts, [], [prefs({ channels })]);
    expect(recipients.map((r) => r.id)).toEqual(channels.map((c) => `user:u-1:${c.channel}:${targetHash(c.target)}`));
    for (const r of recipients) expect(r.id).toMatch(/^user:u-1:(webhook|slack):[\w-]{16}$/);
    expect(targetHash(channels[0]!.target)).toBe(targetHash(channels[0]!.target));
    expect(targetHash(channels[0]!.target)).not.toBe(targetHash(channels[1]!.target));
  });

  it('lets a personal webhook and an org subscription to the same URL collapse into one delivery', () => {
    const url = 'https://hooks.example.net/shared';
    const recipients = recipientsFor(facts, [sub('org', { target: url })], [prefs({ channels: [{ channel: 'webhook', target: url }] })]);
    expect(recipients.map((r) => r.kind)).toEqual(['subscription']);
  });
});

describe('retries and signatures', () => {
  it('doubles the back-off per receive, capped at 15 minutes', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelaySeconds(n, 10))).toEqual([10, 20, 40, 80, 160]);
    expect(retryDelaySeconds(12, 10)).toBe(900);
  });

  it('signs "<t>.<body>" with HMAC-SHA256 and verifies with a time tolerance', () => {
    const header = signWebhook('whsec_k', '{"a":1}', 1_000_000);
    expect(header).toMatch(/^t=1000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook('whsec_k', '{"a":1}', header, 1_000_100)).toBe(true);
    expect(verifyWebhook('whsec_other', '{"a":1}', header, 1_000_100)).toBe(false);
    expect(verifyWebhook('whsec_k', '{"a":2}', header, 1_000_100)).toBe(false);
    expect(verifyWebhook('whsec_k', '{"a":1}', header, 1_001_000)).toBe(false);
    expect(verifyWebhook('whsec_k', '{"a":1}', 'garbage', 1_000_000)).toBe(false);
  });
});
