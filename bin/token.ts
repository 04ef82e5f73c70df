/**
 * `npm run token -- --role admin|responder|viewer [--scope s]... [--sub id] [--ttl seconds]`
 * prints a bearer token from the local issuer (keys under .local/, or LOCAL_DATA_DIR).
 * Without --role it is a machine-client token carrying only the given scopes.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROLE_LEVEL, type Role } from '#lib/routes.ts';
import { loadIssuer } from '#shared/local/issuer.ts';
import { parseCli, usageError } from './cli.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = `
Usage: npm run -s token -- --role admin|responder|viewer [--username name] [--sub id] [--ttl seconds]
       npm run -s token -- --scope <scope> [--scope <scope>]... [--sub client-id]

Prints a bearer token signed by the local issuer (keys in LOCAL_DATA_DIR, default .local/),
accepted by \`npm start\`. With --role it is a person's token; with only --scope a machine client's
(scopes: incidents:read, incidents:write, incidents:admin, component_status:write, metrics:read).

  --role      admin, responder or viewer
  --scope     a scope, repeatable
  --sub       subject (user or client id)
  --username  the person's name in the token (default <role>@local)
  --ttl       lifetime in seconds (default 43200, 12 hours)
  -h, --help  this text

Example: TOKEN=$(npm run -s token -- --role responder)
`;
const values = parseCli(USAGE, {
  role: { type: 'string' },
  scope: { type: 'string', multiple: true },
  sub: { type: 'string' },
  username: { type: 'string' },
  ttl: { type: 'string' },
});

const role = values.role as Role | undefined;
if (role !== undefined && !(role in ROLE_LEVEL)) usageError(`Unknown role '${role}': use one of ${Object.keys(ROLE_LEVEL).join(', ')}`);
if (!role && !values.scope?.length) usageError('Give --role admin|responder|viewer, or --scope <scope> for a machine client');
if (values.ttl !== undefined && !/^[1-9]\d{0,6}$/.test(values.ttl)) usageError(`--ttl must be a whole number of seconds, got '${values.ttl}'`);
const issuer = await loadIssuer(path.resolve(root, process.env.LOCAL_DATA_DIR ?? '.local'));
const token = await issuer.sign({
  ...(role ? { role } : {}),
  scopes: values.scope ?? [],
  ...(values.sub ? { sub: values.sub } : {}),
  ...(values.username ? { username: values.username } : {}),
  ...(values.ttl ? { ttlSeconds: Number(values.ttl) } : {}),
});
console.log(token);
