/**
 * The four channels. Each sends one event to one recipient and says whether it worked; a channel
 * never retries by itself (the delivery queue does, with back-off) and never throws for a refusal
 * it can describe.
 *
 * - webhook (an org subscription or a person's own): POST of the structured CloudEvent,
 *   `X-Signature: t=<unix>,v1=<hmac>`, `Idempotency-Key: <event id>:<subscription id or recipient
 *   id>` (the same on every retry); a page carries its acknowledge link as the CloudEvent extension
 *   attribute `ackurl`, inside the signed body;
 * - Slack incoming webhook: Block Kit with title, severity, status and a link;
 * - e-mail: SES SendEmail (the v1 API: its client is ~55 KB smaller in the bundle than SESv2's,
 *   which keeps the deliver function under the 400 KB budget; the call is the same `ses:SendEmail`);
 * - SNS: Publish with message attributes (event_type, severity, incident_id) for filter policies.
 */
import type { SendEmailCommandInput } from '@aws-sdk/client-ses';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { CloudEvent } from '#shared/events/cloudevent.ts';
import { subscriberEmail } from '#shared/domain/status/subscriber-email.ts';
import { signWebhook, type Channel, type Recipient } from '#shared/domain/notifications/notification.ts';
import type { HttpPost } from '#shared/notify/http.ts';

export interface Delivery {
  readonly event: CloudEvent;
  readonly recipient: Recipient;
  /** Webhooks: the subscription's (or, for a personal webhook, the person's) signing secret. */
  readonly secret?: string;
  /** Pages (paging): the signed, single-use link that acknowledges the incident as the person paged. */
  readonly ackUrl?: string;
}

export interface DeliveryResult {
  readonly ok: boolean;
  /** HTTP status or provider message id, or why it failed. */
  readonly detail: string;
  readonly status?: number;
}

export interface ChannelSender {
  send(delivery: Delivery): Promise<DeliveryResult>;
}

export type Channels = Readonly<Record<Channel, ChannelSender>>;

/** What a person reads about an event, whatever the channel. */
export interface Summary {
  readonly title: string;
  readonly severity: string;
  readonly status: string;
  readonly what: string;
  readonly link: string;
  readonly headline: string;
}

export function summarize(event: CloudEvent, publicBaseUrl: string): Summary {
  const incident = event.data.incident ?? {};
  const component = event.data.component ?? {};
  const str = (v: unknown, fallback: string) => (typeof v === 'string' && v !== '' ? v : fallback);
  const title = str(incident.title, str(component.name, event.subject));
  const severity = str(incident.severity, 'n/a');
  const status = str(incident.status, str(component.status, 'n/a'));
  const what = event.data.change.type;
  const base = publicBaseUrl.replace(/\/$/, '');
  const link = event.data.incident ? `${base}/incidents/${encodeURIComponent(event.subject)}` : `${base}/status`;
  return { title, severity, status, what, link, headline: `[${severity.toUpperCase()}] ${event.subject}: ${title} (${what.replace(/^\w+\./, '').replace(/_/g, ' ')})` };
}

const httpResult = (status: number, body: string): DeliveryResult =>
  status >= 200 && status < 300 ? { ok: true, status, detail: `HTTP ${status}` } : { ok: false, status, detail: `HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}` };

export class WebhookSender implements ChannelSender {
  constructor(
    private readonly post: HttpPost,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  async send({ event, recipient, secret, ackUrl }: Delivery): Promise<DeliveryResult> {
    if (!secret) return { ok: false, detail: 'no signing secret for this webhook' };
    // CloudEvents extension attribute names are [a-z0-9]+: `ackurl`, not `ack_url` (SNS's).
    const body = JSON.stringify(ackUrl ? { ...event, ackurl: ackUrl } : event);
    const res = await this.post(recipient.target, body, {
      'content-type': 'application/cloudevents+json; charset=utf-8',
      'x-signature': signWebhook(secret, body, this.nowSeconds()),
      'idempotency-key': `${event.id}:${recipient.subscription_id ?? recipient.id}`,
      'ce-id': event.id,
      'ce-type': event.type,
    });
    return httpResult(res.status, res.body);
  }
}

export function slackMessage(event: CloudEvent, publicBaseUrl: string, ackUrl?: string): Record<string, unknown> {
  const s = summarize(event, publicBaseUrl);
  const buttons: Record<string, unknown>[] = [{ type: 'button', text: { type: 'plain_text', text: 'Open' }, url: s.link }];
  if (ackUrl) buttons.unshift({ type: 'button', style: 'primary', text: { type: 'plain_text', text: 'Acknowledge' }, url: ackUrl });
  return {
    text: s.headline,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: s.title.slice(0, 150), emoji: false } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Severity*\n${s.severity}` },
          { type: 'mrkdwn', text: `*Status*\n${s.status}` },
          { type: 'mrkdwn', text: `*Event*\n${s.what}` },
          { type: 'mrkdwn', text: `*Incident*\n<${s.link}|${event.subject}>` },
        ],
      },
      ...(ackUrl && event.data.change.message ? [{ type: 'section', text: { type: 'plain_text', text: event.data.change.message.slice(0, 2900), emoji: false } }] : []),
      { type: 'actions', elements: buttons },
    ],
  };
}

export class SlackSender implements ChannelSender {
  constructor(
    private readonly post: HttpPost,
    private readonly publicBaseUrl: string,
  ) {}

  async send({ event, recipient, ackUrl }: Delivery): Promise<DeliveryResult> {
    const res = await this.post(recipient.target, JSON.stringify(slackMessage(event, this.publicBaseUrl, ackUrl)), { 'content-type': 'application/json' });
    return httpResult(res.status, res.body);
  }
}

/**
 * A Microsoft Teams incoming webhook (Workflows "post to a channel when a webhook request is
 * received", and the classic connector): a message with one Adaptive Card attachment.
 */
export function teamsMessage(event: CloudEvent, publicBaseUrl: string, ackUrl?: string): Record<string, unknown> {
  const s = summarize(event, publicBaseUrl);
  const actions: Record<string, unknown>[] = [{ type: 'Action.OpenUrl', title: 'Open', url: s.link }];
  if (ackUrl) actions.unshift({ type: 'Action.OpenUrl', title: 'Acknowledge', url: ackUrl, style: 'positive' });
  return {
    type: 'message',
    summary: s.headline.slice(0, 200),
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', size: 'Medium', weight: 'Bolder', wrap: true, text: s.title.slice(0, 200) },
            { type: 'FactSet', facts: [{ title: 'Severity', value: s.severity }, { title: 'Status', value: s.status }, { title: 'Event', value: s.what }, { title: 'Incident', value: event.subject }] },
            ...(event.data.change.message ? [{ type: 'TextBlock', wrap: true, text: event.data.change.message.slice(0, 2000) }] : []),
          ],
          actions,
        },
      },
    ],
  };
}

export class TeamsSender implements ChannelSender {
  constructor(
    private readonly post: HttpPost,
    private readonly publicBaseUrl: string,
  ) {}

  async send({ event, recipient, ackUrl }: Delivery): Promise<DeliveryResult> {
    const res = await this.post(recipient.target, JSON.stringify(teamsMessage(event, this.publicBaseUrl, ackUrl)), { 'content-type': 'application/json' });
    return httpResult(res.status, res.body);
  }
}

export function emailContent(event: CloudEvent, publicBaseUrl: string, ackUrl?: string): { subject: string; text: string } {
  const s = summarize(event, publicBaseUrl);
  const change = event.data.change;
  const lines = [
    s.title,
    '',
    `Event:    ${s.what}`,
    `Severity: ${s.severity}`,
    `Status:   ${s.status}`,
    ...(change.message ? ['', change.message] : []),
    '',
    ...(ackUrl ? [`Acknowledge: ${ackUrl}`] : []),
    `Open: ${s.link}`,
    '',
    `Event id ${event.id} at ${event.time}`,
  ];
  return { subject: s.headline.slice(0, 200), text: lines.join('\n') };
}

/** One SES SendEmail or SNS Publish call (shared/notify/ses.ts, sns.ts); channels build the input. */
export type SendEmail = (input: SendEmailCommandInput) => Promise<{ MessageId?: string | undefined }>;
export type Publish = (input: PublishCommandInput) => Promise<{ MessageId?: string | undefined }>;

export class SesEmailSender implements ChannelSender {
  constructor(
    private readonly sendEmail: SendEmail,
    private readonly from: string,
    private readonly publicBaseUrl: string,
    /** status: where the public incident pages are (links in public subscribers' e-mail). */
    private readonly siteUrl?: string,
  ) {}

  async send({ event, recipient, ackUrl }: Delivery): Promise<DeliveryResult> {
    // status: a public subscriber gets public facts only, with its unsubscribe link.
    const { subject, text } = recipient.kind === 'status_subscriber' && recipient.links ? subscriberEmail(event, event.data.change.type, recipient.links, this.siteUrl ?? this.publicBaseUrl) : emailContent(event, this.publicBaseUrl, ackUrl);
    const result = await this.sendEmail({
      Source: this.from,
      Destination: { ToAddresses: [recipient.target] },
      Message: { Subject: { Data: subject, Charset: 'UTF-8' }, Body: { Text: { Data: text, Charset: 'UTF-8' } } },
      Tags: [{ Name: 'event_type', Value: event.data.change.type.replace(/[^\w-]/g, '_') }],
    });
    return { ok: true, detail: `SES message ${result.MessageId ?? '?'}` };
  }
}

export class SnsSender implements ChannelSender {
  constructor(private readonly publish: Publish) {}

  async send({ event, recipient, ackUrl }: Delivery): Promise<DeliveryResult> {
    const severity = typeof event.data.incident?.severity === 'string' ? event.data.incident.severity : 'none';
    const fifo = recipient.target.endsWith('.fifo');
    const result = await this.publish({
      TopicArn: recipient.target,
      Message: JSON.stringify(ackUrl ? { ...event, ack_url: ackUrl } : event),
      MessageAttributes: {
        event_type: { DataType: 'String', StringValue: event.type },
        severity: { DataType: 'String', StringValue: severity },
        incident_id: { DataType: 'String', StringValue: event.subject },
      },
      ...(fifo ? { MessageGroupId: event.subject, MessageDeduplicationId: event.id } : {}),
    });
    return { ok: true, detail: `SNS message ${result.MessageId ?? '?'}` };
  }
}

/** Local mode's e-mail and SNS: keeps what would have been sent (no SES or SNS on this machine). */
export class LocalSink implements ChannelSender {
  readonly sent: Delivery[] = [];
  constructor(private readonly keep = 500) {}
  send(delivery: Delivery): Promise<DeliveryResult> {
    this.sent.push(delivery);
    if (this.sent.length > this.keep) this.sent.shift();
    // A public subscriber's address is never shown in any output (the attempt record included).
    const to = delivery.recipient.kind === 'status_subscriber' ? 'a public subscriber' : delivery.recipient.target;
    return Promise.resolve({ ok: true, detail: `kept locally (${delivery.recipient.channel} to ${to})` });
  }
}
