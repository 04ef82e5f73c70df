/**
 * `npm run token -- --role admin|responder|viewer [--scope s]... [--sub id] [--ttl seconds]`
 * prints a bearer token from the local issuer (keys under .local/, or LOCAL_DATA_DIR).
 * Without --role it is a machine-client token carrying only the given scopes.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ROLE_LEVEL, type Role } from '#lib/routes.ts';
import { loadIssuer } from '#shared/local/issuer.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    scope: { type: 'string', multiple: true },
    sub: { type: 'string' },
    username: { type: 'string' },
    ttl: { type: 'string' },
  },
});

const role = values.role as Role | undefined;
if (role !== undefined && !(role in ROLE_LEVEL)) {
  console.error(`Unknown role '${role}'. Use one of: ${Object.keys(ROLE_LEVEL).join(', ')}.`);
  process.exit(2);
}
if (!role && !values.scope?.length) {
  console.error('Give --role admin|responder|viewer, or --scope <scope> for a machine client.');
  process.exit(2);
}
const issuer = await loadIssuer(path.resolve(root, process.env.LOCAL_DATA_DIR ?? '.local'));
const token = await issuer.sign({
  ...(role ? { role } : {}),
  scopes: values.scope ?? [],
  ...(values.sub ? { sub: values.sub } : {}),
  ...(values.username ? { username: values.username } : {}),
  ...(values.ttl ? { ttlSeconds: Number(values.ttl) } : {}),
});
console.log(token);
