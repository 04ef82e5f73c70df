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
 * Module substitutions for Lambda bundles: the SDK's default credential chain becomes the
 * environment provider Lambda needs (see shared/aws/lambda-credentials.ts).
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': path.join(root, 'shared/aws/lambda-credentials.ts'),
};

/** Makes `require` available to CommonJS dependencies inside the ESM bundle. */
export const ESM_REQUIRE_BANNER = "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);";

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
