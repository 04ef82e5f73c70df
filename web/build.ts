/**
 * Builds the /incidents app: web/app/main.tsx (Preact, TypeScript) bundled by esbuild into one
 * content-hashed script and stylesheet, and an index.html that links them (nothing inline, so the
 * CSP needs no `unsafe-inline`). `config.json` (API URL, sign-in endpoints) is written beside it:
 * by local mode from its own URLs, by `cdk deploy` from the stack's outputs.
 *
 * Output layout = the bucket's `incidents/` prefix: index.html, config.json, app-<hash>.js,
 * app-<hash>.css (+ source maps).
 */
import { build, buildSync, type BuildOptions, type Metafile } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_APP_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'app', 'main.tsx');

/** What the app reads from `config.json` at start-up. */
export interface WebAppConfig {
  /** Base URL of the HTTP API; '' means the page's own origin (local mode). */
  readonly apiUrl: string;
  readonly auth: {
    readonly authorizeUrl: string;
    readonly tokenUrl: string;
    readonly revokeUrl: string;
    readonly logoutUrl: string;
    readonly clientId: string;
    readonly scope: string;
  };
}

export interface WebBuildResult {
  readonly outDir: string;
  readonly script: string;
  readonly stylesheet: string;
}

const options = (outDir: string, minify: boolean): BuildOptions => ({
  entryPoints: { app: WEB_APP_ENTRY },
  outdir: outDir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome120', 'firefox120', 'safari17'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  entryNames: '[name]-[hash]',
  minify,
  sourcemap: 'linked',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
});

const indexHtml = (script: string, stylesheet: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Incidents</title>
<link rel="stylesheet" href="${stylesheet}">
<script type="module" src="${script}"></script>
</head>
<body>
<div id="app"><p class="boot">Loading the incident app…</p></div>
<noscript>The incident app needs JavaScript. The API (docs/api.md) works without it.</noscript>
</body>
</html>
`;

function finish(outDir: string, metafile: Metafile | undefined, config: WebAppConfig | undefined): WebBuildResult {
  const outputs = Object.keys(metafile?.outputs ?? {}).map((file) => path.basename(file));
  const script = outputs.find((f) => /^app-[\w]+\.js$/.test(f));
  const stylesheet = outputs.find((f) => /^app-[\w]+\.css$/.test(f));
  if (!script || !stylesheet) throw new Error(`web build produced no script or stylesheet: ${outputs.join(', ')}`);
  writeFileSync(path.join(outDir, 'index.html'), indexHtml(script, stylesheet));
  if (config) writeFileSync(path.join(outDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  return { outDir, script, stylesheet };
}

/** Builds into `outDir` (emptied first). */
export async function buildWebApp(outDir: string, config?: WebAppConfig, minify = true): Promise<WebBuildResult> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build(options(outDir, minify));
  return finish(outDir, result.metafile, config);
}

/** The same, synchronously (CDK constructs build their assets during synth). */
export function buildWebAppSync(outDir: string, config?: WebAppConfig, minify = true): WebBuildResult {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = buildSync(options(outDir, minify));
  return finish(outDir, result.metafile, config);
}

/** config.json of local mode: the API on the same origin, the local issuer's sign-in. */
export function localWebConfig(clientId: string): WebAppConfig {
  return {
    apiUrl: '',
    auth: { authorizeUrl: '/_local/authorize', tokenUrl: '/_local/token', revokeUrl: '/_local/revoke', logoutUrl: '/_local/logout', clientId, scope: 'openid' },
  };
}

/** config.json in AWS: the Cognito domain's managed login and the stage's HTTP API. */
export function cognitoWebConfig(apiUrl: string, cognitoDomainUrl: string, clientId: string): WebAppConfig {
  return {
    apiUrl,
    auth: {
      authorizeUrl: `${cognitoDomainUrl}/oauth2/authorize`,
      tokenUrl: `${cognitoDomainUrl}/oauth2/token`,
      revokeUrl: `${cognitoDomainUrl}/oauth2/revoke`,
      logoutUrl: `${cognitoDomainUrl}/logout`,
      clientId,
      scope: 'openid email profile',
    },
  };
}
