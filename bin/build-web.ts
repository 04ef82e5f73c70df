/**
 * `npm run build:web`: builds the /incidents app (web/build.ts) and prints its sizes.
 *
 *   npm run build:web                       → .local/site/incidents/ with the local config.json
 *   npm run build:web -- --out dist/web     → that folder, without config.json (cdk deploy writes it)
 *
 * `npm start` builds it by itself; this is for looking at the output or measuring it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { LOCAL_AUDIENCE } from '#shared/local/issuer.ts';
import { buildWebApp, localWebConfig } from '../web/build.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const outDir = path.resolve(root, values.out ?? '.local/site/incidents');
const result = await buildWebApp(outDir, values.out ? undefined : localWebConfig(LOCAL_AUDIENCE));
let total = 0;
for (const file of readdirSync(outDir).sort()) {
  const bytes = readFileSync(path.join(outDir, file));
  const gz = gzipSync(bytes, { level: 9 }).length;
  if (file === result.script || file === result.stylesheet) total += gz;
  console.log(`${file.padEnd(28)} ${String(bytes.length).padStart(8)} B  ${String(gz).padStart(7)} B gzip`);
}
console.log(`JS + CSS gzip: ${(total / 1024).toFixed(1)} KiB → ${outDir}`);
