/**
 * The e-mails public status subscribers get: plain text from public facts only (the incident's
 * title and status, the change's PUBLIC message, its public page), never the internal message,
 * notes or anything else the event carries; every one ends with its unsubscribe link.
 * Pure: no AWS imports.
 */
import type { CloudEvent } from '#shared/events/cloudevent.ts';

export interface SubscriberLinks {
  readonly confirm?: string | undefined;
  readonly unsubscribe: string;
}

/** The incident events public subscribers receive (others are private or not news to them). */
export const SUBSCRIBER_EVENT_TYPES = ['incident.created', 'incident.update_added', 'incident.status_changed', 'incident.resolved'] as const;

export const CONFIRMATION_EVENT_TYPE = 'status_subscriber.confirmation_requested';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function subscriberEmail(event: CloudEvent, type: string, links: SubscriberLinks, siteUrl: string): { subject: string; text: string } {
  const footer = ['', '—', `Unsubscribe: ${links.unsubscribe}`];
  if (type === CONFIRMATION_EVENT_TYPE) {
    return {
      subject: 'Confirm your status updates subscription',
      text: ['Someone (hopefully you) asked to receive status updates by e-mail at this address.', '', `Confirm within 24 hours: ${links.confirm ?? ''}`, '', 'If this was not you, ignore this message: nothing is sent without confirmation.', ...footer].join('\n'),
    };
  }
  const incident = event.data.incident ?? {};
  const id = str(incident.id) || event.subject;
  const title = str(incident.title);
  const status = str(incident.status).replace(/_/g, ' ');
  const message = event.data.change.public_message ?? (type === 'incident.created' ? str(incident.public_message) : '');
  const page = `${siteUrl.replace(/\/$/, '')}/status/incidents/${encodeURIComponent(id)}`;
  const what = type === 'incident.created' ? 'New incident' : type === 'incident.resolved' ? 'Resolved' : 'Update';
  return {
    subject: `[${what}] ${title}`.slice(0, 200),
    text: [title, '', `Status: ${status}`, ...(message ? ['', message] : []), '', `Details: ${page}`, ...footer].join('\n'),
  };
}
