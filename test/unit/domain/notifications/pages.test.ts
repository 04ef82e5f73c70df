import { describe, expect, it } from 'vitest';
import { recipientsFor, targetHash, type EventFacts, type NotificationPreferences } from '#shared/domain/notifications/notification.ts';

const prefs = (user: string, overrides: Partial<NotificationPreferences> = {}): NotificationPreferences => ({
  user_id: user,
  username: user,
  enabled: true,
  channels: [{ channel: 'slack', target: `https://hooks.slack.com/services/${user}` }, { channel: 'teams', target: `https://example.webhook.office.com/${user}` }],
  event_types: [],
  min_severity: null,
  services: [],
  teams: [],
  only_assigned: false,
  updated_at: '2026-11-24T10:00:00Z',
  ...overrides,
});

const facts: EventFacts = { type: 'incident.escalated', subject: 'INC-1', severity: 'low', services: [], team: 'payments', assignee: null, paged: ['alice'] };

describe('pages (paging)', () => {
  it('reach the paged person on every channel even when their filters (or a disabled switch) would not match', () => {
    const alice = prefs('alice', { enabled: false, event_types: ['incident.resolved'], min_severity: 'critical' });
    const recipients = recipientsFor(facts, [], [], [alice]);
    expect(recipients.map((r) => [r.id, r.page])).toEqual([
      [`page:alice:slack:${targetHash('https://hooks.slack.com/services/alice')}`, true],
      [`page:alice:teams:${targetHash('https://example.webhook.office.com/alice')}`, true],
    ]);
  });

  it('only the people the step names; a matching preference of the same person collapses into the page', () => {
    const recipients = recipientsFor(facts, [], [prefs('alice'), prefs('bob')], [prefs('alice'), prefs('bob')]);
    expect(recipients.filter((r) => r.page).map((r) => r.user_id)).toEqual(['alice', 'alice']);
    expect(recipients.filter((r) => !r.page).map((r) => r.user_id)).toEqual(['bob', 'bob']);
  });

  it('reach a person whose only channel is a personal webhook, with an id that does not carry the URL', () => {
    const url = 'https://hooks.example.net/dave/s3cr3t-path';
    const dave = prefs('dave', { channels: [{ channel: 'webhook', target: url }], webhook_secret: 'whsec_dave', event_types: ['component.status_changed'] });
    const recipients = recipientsFor({ ...facts, paged: ['dave'] }, [], [dave], [dave]);
    expect(recipients).toEqual([{ id: `page:dave:webhook:${targetHash(url)}`, kind: 'user', channel: 'webhook', target: url, user_id: 'dave', page: true }]);
    expect(recipients[0]?.id).not.toContain('hooks.example.net');
    expect(JSON.stringify(recipients)).not.toContain('whsec_dave');
  });
});
