/**
 * Shared setup of the infra tier: the app is built by `createApp` from bin/app.ts with the context
 * of cdk.json (the same feature flags the CLI applies), so the tests assert on what `cdk synth`
 * produces. Synthesizing bundles every handler with the local esbuild, which dominates the cost;
 * each test file synthesizes once and asserts many things on the result.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import { createApp, type IncidentApp } from '../../bin/app.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

interface CdkJson {
  readonly context: Record<string, unknown>;
}

/** The context of cdk.json: the feature flags every synth of this project runs with. */
export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as CdkJson).context;
}

export interface Synthesized extends IncidentApp {
  readonly assembly: CloudAssembly;
  /** Removes the temporary cloud assembly (bundles included). */
  readonly dispose: () => void;
}

/** Builds and synthesizes the app for a stage, as `cdk synth -c stage=<stage>` would. */
export function synthApp(context: Record<string, unknown>): Synthesized {
  // Its own directory inside the test file's (test/infra/setup.ts), so dispose removes only its own.
  const outdir = mkdtempSync(path.join(process.env.CDK_OUTDIR ?? tmpdir(), 'app-'));
  const built = createApp({ context: { ...cdkJsonContext(), ...context }, outdir });
  const assembly = built.app.synth();
  return { ...built, assembly, dispose: () => rmSync(assembly.directory, { recursive: true, force: true }) };
}

interface ValidationReport {
  readonly pluginReports: readonly { readonly pluginName?: string; readonly summary?: { readonly pluginName?: string }; readonly violations?: readonly unknown[] }[];
}

/** The policy-validation report CDK writes into the cloud assembly (cdk-nag 3 reports there). */
export function validationReport(assembly: CloudAssembly): ValidationReport {
  return JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport;
}

/** Logical ids of the resources of a type whose logical id starts with a prefix. */
export function logicalIdsOf(resources: Record<string, unknown>, prefix: string): string[] {
  return Object.keys(resources).filter((id) => id.startsWith(prefix));
}

/**
 * A stack's template with the resources of its nested stacks (the HTTP API's route areas) folded
 * in, each nested parameter replaced by the value the parent passes, so assertions read as on one
 * flat stack ("every function", "this route's authorizer").
 */
export function templateWithNested(stack: Stack): Template {
  const json = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Properties?: { Parameters?: Record<string, unknown> } }> };
  const resources: Record<string, unknown> = { ...json.Resources };
  for (const child of stack.node.findAll()) {
    if (!(child instanceof NestedStack) || Stack.of(child.node.scope as Construct) !== stack || !child.nestedStackResource) continue;
    const parameters = json.Resources[stack.getLogicalId(child.nestedStackResource)]?.Properties?.Parameters ?? {};
    const substitute = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(substitute);
      if (value && typeof value === 'object') {
        const entries = Object.entries(value);
        const [only] = entries;
        if (entries.length === 1 && only?.[0] === 'Ref' && typeof only[1] === 'string' && only[1] in parameters) return parameters[only[1]];
        return Object.fromEntries(entries.map(([k, v]) => [k, substitute(v)]));
      }
      return value;
    };
    Object.assign(resources, substitute((Template.fromStack(child).toJSON() as { Resources: Record<string, unknown> }).Resources));
  }
  return Template.fromJSON({ ...json, Resources: resources });
}
