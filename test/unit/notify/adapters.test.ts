/** The AWS adapters of notifications, on the exact command inputs (aws-sdk-client-mock). */
import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Recipient } from '#shared/domain/notifications/notification.ts';
import type { CloudEvent } from '#shared/events/cloudevent.ts';
import { SesEmailSender, slackMessage, SlackSender, SnsSender, WebhookSender } from '#shared/notify/channels.ts';
import { SqsQueue } from '#shared/notify/sqs-queue.ts';
import { createSendEmail } from '#shared/notify/ses.ts';
import { createPublish } from '#shared/notify/sns.ts';
import { signWebhook } from '#shared/domain/notifications/notification.ts';

const sqs = mockClient(SQSClient);
const ses = mockClient(SESClient);
const sns = mockClient(SNSClient);
beforeEach(() => {
  sqs.reset();
  ses.reset();
  sns.reset();
});

const event: CloudEvent = {
  specversion: '1.0',
  id: '01KAWZ6Y00C9M7T5ZQ3D4W8H2N',
  source: '/incident-service/test',
  type: 'io.incidents.incident.acknowledged',
  subject: 'INC-20261124-0042',
  time: '2026-11-24T10:00:00.000Z',
  datacontenttype: 'application/json',
  data: {
    incident: { id: 'INC-20261124-0042', title: 'Payments API 5xx', severity: 'critical', status: 'acknowledged' },
    change: { type: 'incident.acknowledged', actor: { id: 'u-1', name: 'alice', kind: 'user' }, changes: {}, message: 'on it', public_message: null, update_type: null },
  },
};
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/delivery';
const noSleep = () => Promise.resolve();

describe('SqsQueue', () => {
  it('sends SendMessageBatch in chunks of 10 with string message attributes', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const queue = new SqsQueue(new SQSClient({}), QUEUE, { sleep: noSleep });
    const messages = Array.from({ length: 12 }, (_, i) => ({ id: String(i), body: `{"n":${i}}`, attributes: { event_id: 'e', recipient_id: `r${i}` } }));
    expect(await queue.sendBatch(messages)).toEqual({ failed: [] });
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls.map((c) => c.args[0].input.Entries?.length)).toEqual([10, 2]);
    expect(calls[0]?.args[0].input).toEqual({
      QueueUrl: QUEUE,
      Entries: messages.slice(0, 10).map((m) => ({
        Id: m.id,
        MessageBody: m.body,
        MessageAttributes: { event_id: { DataType: 'String', StringValue: 'e' }, recipient_id: { DataType: 'String', StringValue: m.attributes.recipient_id } },
      })),
    });
  });

  it('retries only the refused entries and reports what still fails', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Successful: [{ Id: '0', MessageId: 'm0', MD5OfMessageBody: '' }], Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false, Message: 'x' }] })
      .resolves({ Successful: [], Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false, Message: 'still' }] });
    const queue = new SqsQueue(new SQSClient({}), QUEUE, { sleep: noSleep });
    const result = await queue.sendBatch([{ id: '0', body: 'a' }, { id: '1', body: 'b' }]);
    expect(result.failed).toEqual([{ id: '1', error: 'InternalError: still' }]);
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(3);
    expect(calls[1]?.args[0].input.Entries).toEqual([{ Id: '1', MessageBody: 'b' }]);
  });

  it('sets a message visibility with ChangeMessageVisibility (capped at 12 h)', async () => {
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    const queue = new SqsQueue(new SQSClient({}), QUEUE);
    await queue.changeVisibility('rh-1', 40);
    await queue.changeVisibility('rh-2', 99_999);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input)).toEqual([
      { QueueUrl: QUEUE, ReceiptHandle: 'rh-1', VisibilityTimeout: 40 },
      { QueueUrl: QUEUE, ReceiptHandle: 'rh-2', VisibilityTimeout: 43_200 },
    ]);
  });
});

describe('channels', () => {
  const recipient = (channel: Recipient['channel'], target: string): Recipient => ({ id: `sub:sub_1`, kind: 'subscription', channel, target, subscription_id: 'sub_1' });

  it('SES: SendEmail with subject, text body and a link', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const result = await new SesEmailSender(createSendEmail(new SESClient({})), 'incidents@example.com', 'https://status.example.com').send({ event, recipient: recipient('email', 'oncall@example.com') });
    expect(result).toEqual({ ok: true, detail: 'SES message ses-1' });
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input).toEqual({
      Source: 'incidents@example.com',
      Destination: { ToAddresses: ['oncall@example.com'] },
      Message: {
        Subject: { Data: '[CRITICAL] INC-20261124-0042: Payments API 5xx (acknowledged)', Charset: 'UTF-8' },
        Body: { Text: { Data: expect.stringContaining('Open: https://status.example.com/incidents/INC-20261124-0042'), Charset: 'UTF-8' } },
      },
      Tags: [{ Name: 'event_type', Value: 'incident_acknowledged' }],
    });
  });

  it('SNS: Publish of the CloudEvent with message attributes', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    const topic = 'arn:aws:sns:eu-west-1:123456789012:oncall';
    expect(await new SnsSender(createPublish(new SNSClient({}))).send({ event, recipient: recipient('sns', topic) })).toEqual({ ok: true, detail: 'SNS message sns-1' });
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      TopicArn: topic,
      Message: JSON.stringify(event),
      MessageAttributes: {
        event_type: { DataType: 'String', StringValue: 'io.incidents.incident.acknowledged' },
        severity: { DataType: 'String', StringValue: 'critical' },
        incident_id: { DataType: 'String', StringValue: 'INC-20261124-0042' },
      },
    });
  });

  it('SNS FIFO topics get a message group and a deduplication id', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-2' });
    await new SnsSender(createPublish(new SNSClient({}))).send({ event, recipient: recipient('sns', 'arn:aws:sns:eu-west-1:123456789012:oncall.fifo') });
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toMatchObject({ MessageGroupId: 'INC-20261124-0042', MessageDeduplicationId: event.id });
  });

  it('webhook: structured CloudEvent, signature over "<t>.<body>", idempotency key event:subscription', async () => {
    const posts: { url: string; body: string; headers: Record<string, string> }[] = [];
    const sender = new WebhookSender((url, body, headers) => {
      posts.push({ url, body, headers });
      return Promise.resolve({ status: 204, body: '' });
    }, () => 1_795_514_400);
    const result = await sender.send({ event, recipient: recipient('webhook', 'https://hooks.example.com/x'), secret: 'whsec_test' });
    expect(result).toEqual({ ok: true, status: 204, detail: 'HTTP 204' });
    expect(posts[0]?.body).toBe(JSON.stringify(event));
    expect(posts[0]?.headers).toEqual({
      'content-type': 'application/cloudevents+json; charset=utf-8',
      'x-signature': signWebhook('whsec_test', JSON.stringify(event), 1_795_514_400),
      'idempotency-key': `${event.id}:sub_1`,
      'ce-id': event.id,
      'ce-type': event.type,
    });
    expect(posts[0]?.headers['x-signature']).toMatch(/^t=1795514400,v1=[0-9a-f]{64}$/);
  });

  it('webhook: a page to a personal webhook carries its acknowledge link as the `ackurl` attribute, inside the signed body', async () => {
    const posts: { body: string; headers: Record<string, string> }[] = [];
    const sender = new WebhookSender((_url, body, headers) => {
      posts.push({ body, headers });
      return Promise.resolve({ status: 200, body: '' });
    }, () => 1_795_514_400);
    const personal: Recipient = { id: 'page:dave:webhook:abcdefghijklmnop', kind: 'user', channel: 'webhook', target: 'https://hooks.example.net/dave', user_id: 'dave', page: true };
    const ackUrl = 'https://incidents.example.com/v1/ack/token.mac';
    expect(await sender.send({ event, recipient: personal, secret: 'whsec_dave', ackUrl })).toMatchObject({ ok: true });
    const body = posts[0]?.body ?? '';
    expect(JSON.parse(body)).toEqual({ ...event, ackurl: ackUrl });
    expect(posts[0]?.headers['x-signature']).toBe(signWebhook('whsec_dave', body, 1_795_514_400));
    expect(posts[0]?.headers['idempotency-key']).toBe(`${event.id}:page:dave:webhook:abcdefghijklmnop`);
    expect(JSON.stringify(posts[0]?.headers)).not.toContain('hooks.example.net');
  });

  it('webhook: no secret, nothing sent', async () => {
    let posted = 0;
    const sender = new WebhookSender(() => (posted++, Promise.resolve({ status: 200, body: '' })));
    expect(await sender.send({ event, recipient: recipient('webhook', 'https://hooks.example.com/x') })).toMatchObject({ ok: false });
    expect(posted).toBe(0);
  });

  it('webhook: a non-2xx answer is a failed delivery with its status', async () => {
    const sender = new WebhookSender(() => Promise.resolve({ status: 503, body: 'down' }));
    expect(await sender.send({ event, recipient: recipient('webhook', 'https://hooks.example.com/x'), secret: 's' })).toEqual({ ok: false, status: 503, detail: 'HTTP 503: down' });
  });

  it('Slack: Block Kit with title, severity, status and a link', async () => {
    const message = slackMessage(event, 'https://status.example.com/');
    expect(message).toEqual({
      text: '[CRITICAL] INC-20261124-0042: Payments API 5xx (acknowledged)',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Payments API 5xx', emoji: false } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Severity*\ncritical' },
            { type: 'mrkdwn', text: '*Status*\nacknowledged' },
            { type: 'mrkdwn', text: '*Event*\nincident.acknowledged' },
            { type: 'mrkdwn', text: '*Incident*\n<https://status.example.com/incidents/INC-20261124-0042|INC-20261124-0042>' },
          ],
        },
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open' }, url: 'https://status.example.com/incidents/INC-20261124-0042' }] },
      ],
    });
    let sent = '';
    await new SlackSender((_url, body) => {
      sent = body;
      return Promise.resolve({ status: 200, body: 'ok' });
    }, 'https://status.example.com').send({ event, recipient: recipient('slack', 'https://hooks.slack.com/services/T/B/X') });
    expect(JSON.parse(sent)).toEqual(message);
  });
});
