/**
 * lib/constructs/operations.ts in both stacks: the stage's alarm topic (its own KMS key that
 * CloudWatch may use, e-mail subscribers from the stage config and the context), every alarm of
 * both stacks notifying it on ALARM and OK, the alarms only the stateless stack can define (API
 * 5xx, stream iterator age, each worker's errors) and the operations dashboard. Bundling is
 * skipped: the templates are enough (nag.test.ts runs cdk-nag on the whole app).
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../bin/app.ts';
import { StatefulStack } from '../../lib/stateful-stack.ts';
import { stageConfig } from '../../lib/stage.ts';
import { cdkJsonContext } from './support.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const alarmsOf = (t: Template) => Object.entries(t.toJSON().Resources as Resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');

describe('the alarm topic (stateful stack)', () => {
  const build = (stage: 'dev' | 'prod', context: Record<string, unknown> = {}) => {
    const app = new App({ context: { ...cdkJsonContext(), ...context } });
    return Template.fromStack(new StatefulStack(app, `Ops-${stage}`, { stage: stageConfig(stage) }));
  };

  it('is encrypted with a rotated key that CloudWatch may use, and refuses plain HTTP', () => {
    const t = build('dev');
    t.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'IncidentService-dev-alarms', KmsMasterKeyId: Match.anyValue() });
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } });
  });

  it('subscribes the stage config\'s e-mails, plus those of -c alarmEmails', () => {
    build('dev').resourceCountIs('AWS::SNS::Subscription', 0);
    build('prod').hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall-ops@incidents.example.com' });
    const extra = build('dev', { alarmEmails: 'a@example.com, b@example.com' });
    extra.resourceCountIs('AWS::SNS::Subscription', 2);
    extra.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'b@example.com' });
  });

  it('is the alarm and OK action of every alarm of the stack (the DLQ alarms)', () => {
    const t = build('dev');
    const topic = Object.keys(t.findResources('AWS::SNS::Topic'))[0];
    const alarms = alarmsOf(t);
    expect(alarms.length).toBeGreaterThanOrEqual(2);
    for (const [id, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topic }]);
      expect(alarm.Properties.OKActions, id).toEqual([{ Ref: topic }]);
    }
  });
});

describe('alarms and dashboard (stateless stack)', () => {
  const { stateless } = createApp({ context: { ...cdkJsonContext(), stage: 'dev', 'aws:cdk:bundling-stacks': [] } });
  const t = Template.fromStack(stateless);
  const topicArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':IncidentService-dev-alarms']] };

  it('gives every alarm of the stack the stage\'s topic, imported by name', () => {
    const alarms = alarmsOf(t);
    expect(alarms.length).toBeGreaterThanOrEqual(20);
    for (const [id, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions, id).toEqual([topicArn]);
      expect(alarm.Properties.OKActions, id).toEqual([topicArn]);
    }
  });

  it('alarms on API 5xx, the stream iterator age and every worker function\'s errors', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'IncidentService-dev-api-5xx', Namespace: 'AWS/ApiGateway', MetricName: '5xx' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'IncidentService-dev-stream-iterator-age', MetricName: 'IteratorAge', Threshold: 60_000 });
    const errors = alarmsOf(t).filter(([, a]) => a.Properties.MetricName === 'Errors' && String(a.Properties.AlarmName).endsWith('-errors'));
    expect(errors.map(([, a]) => a.Properties.AlarmName)).toEqual(expect.arrayContaining(['IncidentService-dev-Events-Publisher-errors', 'IncidentService-dev-Events-Deliver-errors']));
    expect(errors).toHaveLength(11);
  });

  it('builds the operations dashboard with the API, functions, DLQs, iterator age and business metrics', () => {
    const dashboards = Object.values(t.findResources('AWS::CloudWatch::Dashboard')) as { Properties: { DashboardName: string; DashboardBody: unknown } }[];
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]?.Properties.DashboardName).toBe('IncidentService-dev-operations');
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
    for (const expected of ['API 4xx and 5xx', 'API latency', 'Function errors', 'Throttles', 'Duration', 'ApproximateNumberOfMessagesVisible', 'IteratorAge', 'IncidentsCreated', 'MTTR', 'OperationsApi5xxAlarm', 'PagingTimerDlqAlarm', 'StatusSiteStuckAlarm']) {
      expect(body, expected).toContain(expected);
    }
  });
});
