/**
 * How every handler is bundled, in one place: the CDK NodejsFunction construct
 * (lib/constructs/service-function.ts) and the benchmark (bench/run.ts) both use these settings,
 * so the sizes the benchmark reports are the sizes that deploy.
 *
 * ESM output for Node.js 22 on ARM64, minified, with source maps; the AWS SDK is bundled (never
 * external) so a deploy pins the exact SDK version tested here and tree-shaking applies.
 */
export const NODE_TARGET = 'node22';

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
} as const;
