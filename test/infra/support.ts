/**
 * Shared setup of the infra tier: the app is built by `createApp` from bin/app.ts with the context
 * of cdk.json (the same feature flags the CLI applies), so the tests assert on what `cdk synth`
 * produces. Synthesizing bundles every handler with the local esbuild, which dominates the cost;
 * each test file synthesizes once and asserts many things on the result.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
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
