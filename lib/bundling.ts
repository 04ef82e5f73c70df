/**
 * How every handler is bundled, in one place: the CDK NodejsFunction construct
 * (lib/constructs/service-function.ts) and the benchmark (bench/run.ts) both use these settings,
 * so the sizes the benchmark reports are the sizes that deploy.
 *
 * ESM output for Node.js 22 on ARM64, minified, with source maps; the AWS SDK is bundled (never
 * external) so a deploy pins the exact SDK version tested here and tree-shaking applies.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_TARGET = 'node22';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Node built-ins that bundled code (ours, the AWS SDK, Powertools) imports. In a bundle each is
 * served by a one-line CommonJS file, `module.exports = process.getBuiltinModule('node:fs')`
 * (shared/aws/builtins/), instead of an ESM `import … from 'node:fs'`. `process.getBuiltinModule`
 * exists from node 22.3; the nodejs22.x Lambda runtime started at 22.11.
 *
 * Why: node builds an ESM facade for every built-in it imports and, to fill it, reads every export,
 * which runs the module's lazy getters: importing anything from `node:fs` loads its stream classes,
 * and anything from `node:http` loads undici (about 20 ms on the bench machine). Through
 * `getBuiltinModule` only what the code touches is loaded: 2–4 ms less import
 * time per handler (BENCHMARKS.md). test/infra/stateless-stack.test.ts fails when a bundle imports a
 * built-in missing here.
 */
export const NODE_BUILTINS = ['async_hooks', 'console', 'crypto', 'dns', 'fs', 'fs/promises', 'http', 'https', 'net', 'os', 'path', 'process', 'stream', 'timers', 'zlib'] as const;

const builtinShim = (name: string): string => path.join(root, 'shared/aws/builtins', `${name.replace('/', '-')}.cjs`);

/** `fs` and `node:fs` → shared/aws/builtins/fs.cjs, for every name in NODE_BUILTINS. */
export const BUILTIN_ALIASES: Readonly<Record<string, string>> = Object.fromEntries(
  NODE_BUILTINS.flatMap((name) => [
    [name, builtinShim(name)],
    [`node:${name}`, builtinShim(name)],
  ]),
);

/**
 * Module substitutions for Lambda bundles: the SDK's default credential chain becomes the
 * environment provider Lambda needs (see shared/aws/lambda-credentials.ts), and node built-ins
 * load through `process.getBuiltinModule` (NODE_BUILTINS).
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': path.join(root, 'shared/aws/lambda-credentials.ts'),
  ...BUILTIN_ALIASES,
};

/**
 * Makes `require` available to CommonJS dependencies inside the ESM bundle (without an ESM import
 * of `node:module`, for the reason given at NODE_BUILTINS).
 */
export const ESM_REQUIRE_BANNER = "const require = process.getBuiltinModule('module').createRequire(import.meta.url);";

export const bundlingDefaults = {
  target: NODE_TARGET,
  platform: 'node',
  format: 'esm',
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  /** Nothing external: the SDK v3 clients are bundled and tree-shaken. */
  external: [] as string[],
  alias: BUNDLE_ALIASES,
} as const;

/** The same aliases as esbuild CLI arguments (CDK's NodejsFunction passes `esbuildArgs` through). */
export const aliasArgs = (): Record<string, string> =>
  Object.fromEntries(Object.entries(BUNDLE_ALIASES).map(([from, to]) => [`--alias:${from}`, to]));

// Cold import (issue 14): the NODE_OPTIONS every function runs with, measured as deployed by
// bench/run.ts. `--enable-source-maps` made the slowest function's cold import 2.1–2.9 × the bare
// DynamoDB document-client probe (the goal is ≤ 1.7 ×): Node parses the whole source map at
// load. The bundles keep their `.map` files (`sourcemap: true`), so a logged stack trace (raw
// `index.mjs:<line>:<column>` frames) maps back to the sources offline with the build's map.
export const FUNCTION_NODE_OPTIONS: readonly string[] = [];
