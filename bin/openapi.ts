/** `npm run openapi`: writes docs/openapi.json from the route table and the handlers' zod schemas. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Handlers parse their configuration when imported; nothing is called.
process.env.TABLE_NAME ??= 'openapi';
process.env.AWS_REGION ??= 'us-east-1';
const { buildOpenApi } = await import('#lib/openapi.ts');
const document = await buildOpenApi(root);
mkdirSync(path.join(root, 'docs'), { recursive: true });
writeFileSync(path.join(root, 'docs', 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote docs/openapi.json (${Object.keys(document.paths as object).length} paths)`);
