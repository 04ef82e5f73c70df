/**
 * The CDK app: `cdk synth|deploy -c stage=dev|prod` (no stage means dev; an unknown stage is refused).
 * Two stacks per stage, wired by props: `<prefix>-stateful` (table, bus, queues) and
 * `<prefix>-stateless` (Cognito, HTTP API, functions).
 *
 * cdk-nag 3 is a policy-validation plugin, not an Aspect: the AwsSolutions pack runs when the
 * assembly is synthesized; error findings fail the synth, and every finding (warnings included)
 * is written to `validation-report.json` in the cloud assembly. Acknowledgements live next to the
 * resource they concern (`Validations.of(x).acknowledge(...)`), each with its reason.
 *
 * `createApp` is exported so the infra tests build exactly what the CLI builds.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StatefulStack } from '../lib/stateful-stack.ts';
import { StatelessStack } from '../lib/stateless-stack.ts';
import { stageConfig } from '../lib/stage.ts';

export interface IncidentApp {
  readonly app: App;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

export function createApp(props: AppProps = {}): IncidentApp {
  const app = new App(props);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  const stage = stageConfig(app.node.tryGetContext('stage'));
  // Account and region from the CLI's credentials when deploying; environment-agnostic otherwise.
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const tags = { service: 'incident-service', stage: stage.name };

  const stateful = new StatefulStack(app, `${stage.prefix}-stateful`, {
    stage,
    env,
    tags,
    description: `Incident service (${stage.name}): table, event bus and archive, queues with DLQs`,
    terminationProtection: stage.deletionProtection,
  });
  const stateless = new StatelessStack(app, `${stage.prefix}-stateless`, {
    stage,
    env,
    tags,
    description: `Incident service (${stage.name}): Cognito, HTTP API, one function per route`,
    tableName: stateful.tableName,
  });
  // The stateless stack names the table literally (no export), so the deploy order is declared here.
  stateless.addStackDependency(stateful, 'the functions read and write the table of the stateful stack');
  return { app, stateful, stateless };
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) createApp().app.synth();
