import { describe, expect, it } from 'vitest';
import { authorize, principalFromClaims } from '#shared/http/auth.ts';
import type { HttpError } from '#shared/http/problem.ts';

const future = Math.floor(Date.now() / 1000) + 3600;

describe('claims from the JWT authorizer', () => {
  it('reads Cognito groups as an array (local) and as API Gateway\'s "[a b]" string', () => {
    expect(principalFromClaims({ sub: 'u1', 'cognito:groups': ['responder'], username: 'alice', exp: future })).toMatchObject({ id: 'u1', name: 'alice', kind: 'user', roles: ['responder'] });
    expect(principalFromClaims({ sub: 'u1', 'cognito:groups': '[viewer admin]', exp: String(future) })?.roles).toEqual(['viewer', 'admin']);
  });

  it('reads machine clients and strips the resource-server prefix of scopes', () => {
    expect(principalFromClaims({ sub: 'client-1', client_id: 'client-1', scope: 'incident-api/component_status:write incident-api/incidents:read', exp: future })).toEqual({
      id: 'client-1',
      name: 'client-1',
      kind: 'machine',
      roles: [],
      scopes: ['component_status:write', 'incidents:read'],
    });
  });

  it('ignores unknown groups and rejects expired or subject-less claims', () => {
    expect(principalFromClaims({ sub: 'u1', 'cognito:groups': ['superuser'], exp: future })?.roles).toEqual([]);
    expect(principalFromClaims({ sub: 'u1', 'cognito:groups': ['admin'], exp: Math.floor(Date.now() / 1000) - 10 })).toBeUndefined();
    expect(principalFromClaims({ 'cognito:groups': ['admin'] })).toBeUndefined();
    expect(principalFromClaims(undefined)).toBeUndefined();
  });
});

describe('authorize', () => {
  const responder = principalFromClaims({ sub: 'u', 'cognito:groups': ['responder'], exp: future });
  const machine = principalFromClaims({ sub: 'm', client_id: 'm', scope: 'x/component_status:write', exp: future });
  const status = (fn: () => unknown) => {
    try {
      fn();
      return 200;
    } catch (error) {
      return (error as HttpError).status;
    }
  };

  it('lets a higher role through and stops a lower one with 403', () => {
    expect(status(() => authorize({ role: 'viewer', scopes: [] }, responder))).toBe(200);
    expect(status(() => authorize({ role: 'responder', scopes: [] }, responder))).toBe(200);
    expect(status(() => authorize({ role: 'admin', scopes: [] }, responder))).toBe(403);
  });

  it('lets a machine client through on a scope and answers 401 without a principal', () => {
    expect(status(() => authorize({ role: 'responder', scopes: ['component_status:write'] }, machine))).toBe(200);
    expect(status(() => authorize({ role: 'responder', scopes: ['incidents:write'] }, machine))).toBe(403);
    expect(status(() => authorize({ role: 'viewer', scopes: [] }, undefined))).toBe(401);
    expect(status(() => authorize('public', undefined))).toBe(200);
  });
});
