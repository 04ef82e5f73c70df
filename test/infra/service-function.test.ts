/**
 * The ServiceFunction construct on its own: the environment is merged (the caller's variables win
 * per key, the defaults stay), overrides of memory and retention apply, and the role may write
 * only to the function's own log group. Bundling is skipped: the bundles are checked, for real, in
 * stateless-stack.test.ts.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type CfnLogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { mergeEnvironment, ServiceFunction, type ServiceEnvironment } from '../../lib/constructs/service-function.ts';
import { cdkJsonContext } from './support.ts';

const defaults: ServiceEnvironment = {
  TABLE_NAME: 'table',
  STAGE: 'dev',
  POWERTOOLS_SERVICE_NAME: 'incident-service',
  POWERTOOLS_METRICS_NAMESPACE: 'IncidentService',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  EVENT_NAMESPACE: 'io.incidents',
  PUBLIC_BASE_URL: 'https://api.example.com',
};

describe('mergeEnvironment', () => {
  it('keeps every default, lets the caller override or add per key', () => {
    expect(mergeEnvironment(defaults, { POWERTOOLS_LOG_LEVEL: 'WARN', EXTRA: 'x' })).toEqual({
      ...defaults,
      POWERTOOLS_LOG_LEVEL: 'WARN',
      EXTRA: 'x',
    });
    // No NODE_OPTIONS: --enable-source-maps cost more at cold start than the import goal allows (lib/bundling.ts).
    expect(mergeEnvironment(defaults)).toEqual({ ...defaults });
  });
});

describe('ServiceFunction', () => {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Fn');
  const fn = new ServiceFunction(stack, 'Probe', {
    entry: 'functions/system/get-health.ts',
    functionName: 'probe-fn',
    memorySize: 512,
    timeout: Duration.seconds(5),
    logRetention: RetentionDays.ONE_MONTH,
    defaults,
    environment: { STAGE: 'override', EXTRA: 'x' },
  });
  const template = Template.fromStack(stack);

  it('applies the project defaults and the overrides', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'probe-fn',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: 512,
      Timeout: 5,
      Environment: { Variables: { ...defaults, STAGE: 'override', EXTRA: 'x' } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/lambda/probe-fn', RetentionInDays: 30 });
  });

  it('uses its own role: no managed policy, logs only to its own log group', () => {
    template.resourceCountIs('AWS::IAM::Role', 1);
    const role = Object.values(template.findResources('AWS::IAM::Role'))[0] as { Properties: Record<string, unknown> };
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const logGroupId = stack.getLogicalId(fn.logGroup.node.defaultChild as CfnLogGroup);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
          { Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Effect: 'Allow', Resource: '*' },
        ],
      },
    });
  });
});
