/**
 * Bundles every route's handler exactly as the CDK does (lib/bundling.ts) and reports minified and
 * gzipped sizes, plus which packages fill the largest bundle (from esbuild's metafile).
 */
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BUILTIN_ALIASES, bundlingDefaults } from '#lib/bundling.ts';
import { kib, progress } from './stats.ts';

export interface BundleResult {
  readonly id: string;
  readonly entry: string;
  /** Absolute path of the written index.mjs. */
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly sourcemapBytes: number;
  /** Input files in this bundle. */
  readonly inputs: number;
}

export interface PackageShare {
  readonly name: string;
  readonly bytes: number;
  readonly share: number;
}

export interface BundleReport {
  readonly settings: Record<string, unknown>;
  readonly handlers: BundleResult[];
  readonly largest: { readonly id: string; readonly bytes: number; readonly topPackages: PackageShare[] };
}

/** `node_modules/@aws-sdk/client-dynamodb/dist-es/x.js` → `@aws-sdk/client-dynamodb`; project files by top folder. */
export function packageOf(input: string): string {
  const marker = 'node_modules/';
  const at = input.lastIndexOf(marker);
  if (at < 0) {
    const top = input.split('/')[0] ?? input;
    return `(project) ${top}/`;
  }
  const parts = input.slice(at + marker.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? input);
}

export function topPackages(metafile: Metafile, outputFile: string, count: number): PackageShare[] {
  const output = metafile.outputs[outputFile];
  if (!output) throw new Error(`metafile has no output ${outputFile}; outputs: ${Object.keys(metafile.outputs).join(', ')}`);
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = packageOf(input);
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  const total = [...byPackage.values()].reduce((s, v) => s + v, 0);
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => ({ name, bytes, share: Math.round((bytes / total) * 1000) / 10 }));
}

const sharedOptions: BuildOptions = {
  ...bundlingDefaults,
  mainFields: [...bundlingDefaults.mainFields],
  external: [...bundlingDefaults.external],
  banner: { js: bundlingDefaults.banner },
  bundle: true,
  write: true,
  logLevel: 'silent',
};

/** A Lambda function to bundle: a route of lib/routes.ts or a worker of lib/functions.ts. */
export interface HandlerEntry {
  readonly id: string;
  readonly entry: string;
}

/**
 * One esbuild run with every function as an entry point (no code splitting, so each output is the
 * same self-contained bundle a separate build gives, written as `<id>/index.mjs`); one run parses
 * the shared modules once, which keeps the benchmark quick as functions are added.
 */
export async function bundleHandlers(functions: readonly HandlerEntry[], root: string, outDir: string): Promise<BundleReport & { buildMs: number }> {
  const started = performance.now();
  const result = await build({
    ...sharedOptions,
    entryPoints: functions.map((fn) => ({ in: path.join(root, fn.entry), out: `${fn.id}/index` })),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    metafile: true,
    absWorkingDir: root,
  });
  const buildMs = Math.round(performance.now() - started);
  if (result.errors.length > 0) throw new Error(`esbuild failed: ${result.errors.map((e) => e.text).join('; ')}`);
  const metafile = result.metafile;
  progress(`bundled ${functions.length} functions in ${buildMs} ms`);
  const handlers: BundleResult[] = [];
  for (const fn of functions) {
    const outfile = path.join(outDir, fn.id, 'index.mjs');
    const outKey = Object.keys(metafile.outputs).find((key) => key.endsWith(`${fn.id}/index.mjs`));
    if (!outKey) throw new Error(`esbuild metafile lists no output for ${fn.id}`);
    const code = readFileSync(outfile);
    const entry: BundleResult = {
      id: fn.id,
      entry: fn.entry,
      file: outfile,
      bytes: code.length,
      gzipBytes: gzipSync(code).length,
      sourcemapBytes: readFileSync(`${outfile}.map`).length,
      inputs: Object.keys(metafile.outputs[outKey]?.inputs ?? {}).length,
    };
    handlers.push(entry);
    progress(`bundle ${fn.id.padEnd(28)} ${String(kib(entry.bytes)).padStart(7)} KiB min, ${String(kib(entry.gzipBytes)).padStart(6)} KiB gzip`);
  }
  const largest = handlers.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const largestKey = Object.keys(metafile.outputs).find((key) => key.endsWith(`${largest.id}/index.mjs`)) as string;
  const settings: Record<string, unknown> = { ...bundlingDefaults, bundle: true, banner: '(ESM require banner)' };
  return { settings, buildMs, handlers, largest: { id: largest.id, bytes: largest.bytes, topPackages: topPackages(metafile, largestKey, 5) } };
}

const BUILTINS_PROBE = [
  "import * as crypto from 'node:crypto'; import * as https from 'node:https'; import * as stream from 'node:stream'; import * as fs from 'node:fs';",
  "import * as fsp from 'node:fs/promises'; import * as os from 'node:os'; import * as zlib from 'node:zlib'; import * as proc from 'node:process'; import { Console } from 'node:console';",
  'export const handler = async () => [crypto.createHash, https.request, stream.Readable, fs.lstatSync, fsp.readFile, os.homedir, zlib.crc32, proc.env, Console];',
].join('\n');

/** Import-time attribution: small bundles of one dependency each, built with the same settings. */
export const PROBES: Readonly<Record<string, string>> = {
  'empty handler': 'export const handler = async () => ({});',
  // As the project imports it (shared/schemas).
  'zod/mini': "import * as z from 'zod/mini'; const schema = z.object({ a: z.string().check(z.maxLength(10)), b: z.optional(z.array(z.enum(['x', 'y']))) }); export const handler = async (e) => schema.parse(e);",
  'DynamoDB document client': [
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    "import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';",
    'const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
    'export const handler = async () => [db, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand];',
  ].join('\n'),
  'Powertools logger + metrics': [
    "import { Logger } from '@aws-lambda-powertools/logger';",
    "import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';",
    "import { Metrics } from '@aws-lambda-powertools/metrics';",
    "const logger = new Logger(); const metrics = new Metrics({ namespace: 'bench' });",
    'export const handler = async () => [logger, metrics, injectLambdaContext];',
  ].join('\n'),
  '@middy/core': "import middy from '@middy/core'; export const handler = middy().handler(async () => ({}));",
  'node built-ins the SDK and Powertools use (getBuiltinModule, as bundled)': BUILTINS_PROBE,
  'the same built-ins through ESM imports': BUILTINS_PROBE,
};

/** Built without the NODE_BUILTINS aliases of lib/bundling.ts: what those aliases save. */
const WITHOUT_BUILTIN_ALIASES = new Set(['the same built-ins through ESM imports']);
const aliasesWithoutBuiltins = Object.fromEntries(Object.entries(bundlingDefaults.alias).filter(([name]) => !(name in BUILTIN_ALIASES)));

export interface ProbeBundle {
  readonly probe: string;
  readonly file: string;
  readonly bytes: number;
}

export async function bundleProbes(root: string, outDir: string): Promise<ProbeBundle[]> {
  const out: ProbeBundle[] = [];
  for (const [index, [probe, contents]] of Object.entries(PROBES).entries()) {
    const outfile = path.join(outDir, `probe-${index}`, 'index.mjs');
    const alias = WITHOUT_BUILTIN_ALIASES.has(probe) ? aliasesWithoutBuiltins : bundlingDefaults.alias;
    await build({ ...sharedOptions, alias, stdin: { contents, resolveDir: root, sourcefile: `probe-${index}.mjs`, loader: 'js' }, outfile, absWorkingDir: root });
    out.push({ probe, file: outfile, bytes: readFileSync(outfile).length });
  }
  return out;
}
