import { describe, expect, it } from 'vitest';
import { CONFIRMATION_EVENT_TYPE, subscriberEmail } from '#shared/domain/status/subscriber-email.ts';
import type { CloudEvent } from '#shared/events/cloudevent.ts';

const event: CloudEvent = {
  specversion: '1.0',
  id: '01KAWZ6Y00C9M7T5ZQ3D4W8H2N',
  source: '/incident-service/test',
  type: 'io.incidents.incident.update_added',
  subject: 'INC-20261124-0001',
  time: '2026-11-24T10:00:00.000Z',
  datacontenttype: 'application/json',
  data: {
    incident: { id: 'INC-20261124-0001', title: 'Checkout errors', status: 'identified', is_public: true, internal_notes: 'PRIVATE-NOTE', description: 'PRIVATE-DESCRIPTION', assignee: 'PRIVATE-ASSIGNEE' },
    change: { type: 'incident.update_added', actor: { name: 'PRIVATE-ACTOR' }, changes: {}, message: 'PRIVATE-MESSAGE', public_message: 'A fix is rolling out.', update_type: 'status_update' },
  },
};
const links = { unsubscribe: 'https://api.test/v1/status/subscribers/unsubscribe?token=a.b' };

describe('public subscriber e-mail', () => {
  it('holds public facts only, the public page and the unsubscribe link', () => {
    const { subject, text } = subscriberEmail(event, 'incident.update_added', links, 'https://status.test');
    expect(subject).toBe('[Update] Checkout errors');
    expect(text).toContain('A fix is rolling out.');
    expect(text).toContain('Status: identified');
    expect(text).toContain('https://status.test/status/incidents/INC-20261124-0001');
    expect(text).toContain(`Unsubscribe: ${links.unsubscribe}`);
    expect(`${subject}\n${text}`).not.toMatch(/PRIVATE/);
  });

  it('a confirmation carries the confirm link and says nothing is sent without it', () => {
    const { subject, text } = subscriberEmail(event, CONFIRMATION_EVENT_TYPE, { ...links, confirm: 'https://api.test/v1/status/subscribers/confirm?token=c.d' }, 'https://status.test');
    expect(subject).toMatch(/Confirm/);
    expect(text).toContain('https://api.test/v1/status/subscribers/confirm?token=c.d');
    expect(text).toContain('Unsubscribe:');
    expect(text).not.toMatch(/PRIVATE/);
  });
});
