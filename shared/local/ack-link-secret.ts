/**
 * Local mode's acknowledge-link secret: 32 random bytes kept under .local/ (created on first use,
 * mode 0600), like the local issuer's key pair; links stay valid across restarts. In AWS the
 * secret comes from Secrets Manager through the functions' environment (lib/constructs/paging.ts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function loadAckLinkSecret(dir: string): string {
  const file = path.join(dir, 'ack-link-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
