/**
 * Public status subscribers in AWS: the HMAC key of their signed links, given to the functions
 * that sign or verify them (the three subscriber routes and the notification fan-out), and the
 * one extra read fan-out needs (GetItem of a subscriber for its confirmation e-mail).
 *
 * The key is a generated Secrets Manager secret, resolved into the functions' environment by
 * CloudFormation (a dynamic reference: never in the template or the cloud assembly). No rotation:
 * rotating it invalidates the links already sent (confirmation links live 24 h, unsubscribe links a
 * year); rotate by hand after a leak (docs/operations.md).
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage.ts';

export interface StatusSubscribersProps {
  readonly stage: StageConfig;
  readonly table: ITable;
  /** The functions that sign or verify links (their environment gets SUBSCRIBER_SECRET). */
  readonly signers: readonly LambdaFunction[];
  /** The notification fan-out (also gets the GetItem it needs for a confirmation). */
  readonly fanOut: LambdaFunction;
  /** Where public incident pages are (links in subscribers' e-mail), for the delivery function. */
  readonly siteUrl?: { readonly url: string; readonly deliver: IFunction & LambdaFunction };
}

export class StatusSubscribers extends Construct {
  public readonly secret: Secret;

  constructor(scope: Construct, id: string, props: StatusSubscribersProps) {
    super(scope, id);
    this.secret = new Secret(this, 'LinkSecret', {
      secretName: `${props.stage.prefix}/status-subscriber-link-key`,
      description: 'HMAC key of public status subscribers\u2019 confirmation and unsubscribe links',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: props.stage.removalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotating the link key would invalidate every confirmation and unsubscribe link already e-mailed; it is rotated by hand after a leak (docs/operations.md).',
    });
    const value = this.secret.secretValue.unsafeUnwrap();
    for (const fn of [...props.signers, props.fanOut]) fn.addEnvironment('SUBSCRIBER_SECRET', value);
    props.fanOut.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [props.table.tableArn] }));
    if (props.siteUrl) props.siteUrl.deliver.addEnvironment('SITE_URL', props.siteUrl.url);
  }
}
