/** Bearer-token verification (shared/http/jwt.ts) with the local issuer's keys and an injected clock. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createJwtVerifier } from '#shared/http/jwt.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadIssuer } from '#shared/local/issuer.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'jwt-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createJwtVerifier', () => {
  it('accepts a valid token again from memory, and refuses it once it has expired', async () => {
    const issuer = await loadIssuer(dir);
    let clock = Date.now();
    const verify = createJwtVerifier({ issuer: LOCAL_ISSUER, audience: [LOCAL_AUDIENCE], jwks: issuer.jwks, now: () => clock });
    const token = await issuer.sign({ role: 'responder', username: 'alice', ttlSeconds: 60 });
    expect((await verify(token)).username).toBe('alice');
    clock += 30_000;
    expect((await verify(token)).username).toBe('alice');
    // Past exp and the 5 s of tolerance: refused, although it verified before.
    clock += 36_000;
    await expect(verify(token)).rejects.toThrow(/exp/);
  });

  it('remembers nothing that failed: a token of another issuer is refused every time', async () => {
    const issuer = await loadIssuer(dir);
    const other = await loadIssuer(path.join(dir, 'other'));
    const verify = createJwtVerifier({ issuer: LOCAL_ISSUER, audience: [LOCAL_AUDIENCE], jwks: issuer.jwks });
    const forged = await other.sign({ role: 'admin' });
    await expect(verify(forged)).rejects.toThrow();
    await expect(verify(forged)).rejects.toThrow();
    const wrongAudience = createJwtVerifier({ issuer: LOCAL_ISSUER, audience: ['someone-else'], jwks: issuer.jwks });
    const token = await issuer.sign({ role: 'admin' });
    await expect(wrongAudience(token)).rejects.toThrow('audience');
    await expect(wrongAudience(token)).rejects.toThrow('audience');
  });
});
