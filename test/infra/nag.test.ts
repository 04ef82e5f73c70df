/**
 * cdk-nag 3 (AwsSolutions) as a policy-validation plugin: synthesizing the app of each stage yields
 * zero unacknowledged findings, warnings included. cdk-nag 3 has no NagSuppressions: every
 * acknowledgement is `Validations.of(construct).acknowledge({ id, reason })` next to the resource,
 * and the inventory below makes adding one a visible change to this test.
 *
 * Bundling is skipped here (`aws:cdk:bundling-stacks: []`): the rules read the construct tree and
 * templates, never the handler code, and stateless-stack.test.ts already bundles for real.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cdkJsonContext, synthApp, validationReport } from './support.ts';

/** Every acknowledgement in the tree: rule id (without CDK's namespace prefix) → reasons. */
function acknowledgements(root: IConstruct): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        const rule = id.replace(/^annotation::/i, '').replace(/\[Resource::.*\/index\/\*\]$/, '[Resource::<table>/index/*]')
          .replace(/\[Resource::arn:.*:sns:.*\]$/, '[Resource::<sns topics>]')
          .replace(/\[Resource::arn:.*:scheduler:.*\]$/, '[Resource::<timer schedules>]')

          // status (site): the publisher's objects of the site bucket
          .replace(/\[Resource::<StatusSiteBucket\w+\.Arn>\/\*\]$/, '[Resource::<site bucket>/*]')
          // web app: CDK's BucketDeployment handler reads the CDK asset bucket
          .replace(/\[Resource::arn:[^\]]*:s3:::cdk-hnb659fds-assets-[^\]]*\/\*\]$/, '[Resource::<cdk asset bucket>/*]');
        found.set(rule, [...(found.get(rule) ?? []), reason]);
      }
    }
  }
  return found;
}

const ALWAYS = ['AwsSolutions-APIG4', 'AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-IAM5[Resource::<table>/index/*]', 'AwsSolutions-IAM5[Resource::<sns topics>]', 'AwsSolutions-L1', 'AwsSolutions-SQS3',
  // Paging escalation (lib/constructs/paging.ts).
  'AwsSolutions-IAM5[Resource::<timer schedules>]',
  // and the public subscribers' link secret (lib/constructs/status-subscribers.ts)
  'AwsSolutions-SMG4',

  // status (site): lib/constructs/static-site.ts
  'AwsSolutions-CFR1', 'AwsSolutions-CFR2', 'AwsSolutions-CFR3', 'AwsSolutions-CFR4', 'AwsSolutions-S1', 'AwsSolutions-IAM5[Resource::<site bucket>/*]',
  // web app: CDK's BucketDeployment handler (lib/constructs/web-app.ts)
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'AwsSolutions-IAM5[Resource::<cdk asset bucket>/*]',
  ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map((a) => `AwsSolutions-IAM5[Action::${a}]`)];
const EXPECTED = { dev: [...ALWAYS, 'AwsSolutions-COG2', 'AwsSolutions-COG8'], prod: ALWAYS } as const;

describe.each(['dev', 'prod'] as const)('cdk-nag AwsSolutions on the %s app', (stage) => {
  // Synthesis itself runs the plugin and throws on any finding (cdk-nag marks a report with any
  // violation, warning or error, as failed).
  const synthesized = synthApp({ stage, 'aws:cdk:bundling-stacks': [] });
  afterAll(() => synthesized.dispose());

  it('synthesizes with no finding in the validation report', () => {
    const report = validationReport(synthesized.assembly);
    const nag = report.pluginReports.filter((r) => (r.pluginName ?? r.summary?.pluginName) === 'AwsSolutions');
    expect(nag.flatMap((r) => r.violations ?? [])).toEqual([]);
  });

  it('has no unacknowledged finding when the pack walks the whole tree', () => {
    const result = new AwsSolutionsChecks().validateScope(synthesized.app);
    expect(result.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath ?? '').join(', ')}`)).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('acknowledges only the expected rules, each with a reason', () => {
    const found = acknowledgements(synthesized.app);
    expect([...found.keys()].sort()).toEqual([...EXPECTED[stage]].sort());
    for (const [rule, reasons] of found) for (const reason of reasons) expect(reason.length, rule).toBeGreaterThan(40);
  });
});

describe('cdk-nag wiring', () => {
  it('a finding fails the synthesis (the check above is not vacuous)', () => {
    const app = new App({ context: cdkJsonContext() });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const stack = new Stack(app, 'Probe');
    new Queue(stack, 'PlainQueue', { encryption: QueueEncryption.SQS_MANAGED });
    // The failing synthesis reports its findings on the console: expected here, so kept quiet.
    const quiet = [vi.spyOn(console, 'error').mockImplementation(() => undefined), vi.spyOn(console, 'log').mockImplementation(() => undefined)];
    try {
      expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
    } finally {
      for (const spy of quiet) spy.mockRestore();
    }
    const result = new AwsSolutionsChecks().validateScope(app);
    expect(result.violations.map((v) => v.ruleName)).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });
});
