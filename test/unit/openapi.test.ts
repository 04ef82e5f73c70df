import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '#lib/openapi.ts';
import { API_RESPONSES } from '#lib/api-responses.ts';
import { routes } from '#lib/routes.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('OpenAPI document', () => {
  it('has one operation per route, with the schemas the handlers validate with', async () => {
    const doc = (await buildOpenApi(root)) as { paths: Record<string, Record<string, { operationId: string; requestBody?: unknown }>> };
    for (const route of routes) expect(doc.paths[route.path]?.[route.method.toLowerCase()]?.operationId, route.id).toBe(route.id);
    expect(doc.paths['/v1/incidents']?.post?.requestBody).toMatchObject({ content: { 'application/json': { schema: { required: ['title'] } } } });
  }, 60_000);

  it('documents the success body of every route that answers with one', () => {
    const undocumented = routes.filter((r) => r.method !== 'DELETE' && !(r.id in API_RESPONSES)).map((r) => r.id);
    expect(undocumented).toEqual([]);
  });

  it('bounds the length of every path parameter (DynamoDB refuses keys over 2 KB: a long id is a 400, not a 500)', () => {
    const doc = JSON.parse(readFileSync(path.join(root, 'docs/openapi.json'), 'utf8')) as { paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema: { maxLength?: number } }[] }>> };
    const unbounded: string[] = [];
    for (const [p, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const parameter of operation.parameters ?? []) {
          if (parameter.in === 'path' && !(typeof parameter.schema.maxLength === 'number' && parameter.schema.maxLength <= 1000)) unbounded.push(`${method} ${p} ${parameter.name}`);
        }
      }
    }
    expect(unbounded).toEqual([]);
  });

  it('makes every component a real schema: none is a bare $ref to itself or a chain of $refs, and every $ref resolves', () => {
    const doc = JSON.parse(readFileSync(path.join(root, 'docs/openapi.json'), 'utf8')) as { components: { schemas: Record<string, Record<string, unknown>> } };
    const schemas = doc.components.schemas;
    const bareRef = (schema: Record<string, unknown> | undefined) => (schema && Object.keys(schema).length === 1 && typeof schema.$ref === 'string' ? schema.$ref : undefined);
    const selfRefs = Object.entries(schemas).filter(([name, schema]) => bareRef(schema) === `#/components/schemas/${name}`).map(([name]) => name);
    expect(selfRefs).toEqual([]);
    // Following bare $refs from any component reaches a schema with a body, without coming back.
    for (const name of Object.keys(schemas)) {
      const visited = [name];
      let ref = bareRef(schemas[name]);
      while (ref) {
        const next = ref.replace('#/components/schemas/', '');
        expect(visited, `${name}: $ref cycle`).not.toContain(next);
        visited.push(next);
        ref = bareRef(schemas[next]);
      }
    }
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((r) => !(r.startsWith('#/components/schemas/') && r.slice('#/components/schemas/'.length) in schemas))).toEqual([]);
    expect(schemas.Incident).toMatchObject({ type: 'object', properties: { id: { type: 'string' } } });
  });

  it('docs/openapi.json is up to date (run `npm run openapi` after changing routes or schemas)', async () => {
    const doc = await buildOpenApi(root);
    const onDisk = JSON.parse(readFileSync(path.join(root, 'docs/openapi.json'), 'utf8')) as unknown;
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(doc)));
  }, 60_000);
});
