/** The SES client behind the e-mail channel: the one SES call the deliver function makes. */
import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import type { SendEmail } from '#shared/notify/channels.ts';

export function createSendEmail(client = new SESClient({})): SendEmail {
  return (input) => client.send(new SendEmailCommand(input));
}
