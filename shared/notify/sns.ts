/** The SNS client behind the SNS channel: the one SNS call the deliver function makes. */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Publish } from '#shared/notify/channels.ts';

export function createPublish(client = new SNSClient({})): Publish {
  return (input) => client.send(new PublishCommand(input));
}
