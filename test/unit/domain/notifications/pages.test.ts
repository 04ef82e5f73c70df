import { describe, expect, it } from 'vitest';
import { recipientsFor, type EventFacts, type NotificationPreferences } from '#shared/domain/notifications/notification.ts';

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
      ['page:alice:slack:https://hooks.slack.com/services/alice', true],
      ['page:alice:teams:https://example.webhook.office.com/alice', true],
    ]);
  });

  it('only the people the step names; a matching preference of the same person collapses into the page', () => {
    const recipients = recipientsFor(facts, [], [prefs('alice'), prefs('bob')], [prefs('alice'), prefs('bob')]);
    expect(recipients.filter((r) => r.page).map((r) => r.user_id)).toEqual(['alice', 'alice']);
    expect(recipients.filter((r) => !r.page).map((r) => r.user_id)).toEqual(['bob', 'bob']);
  });
});
