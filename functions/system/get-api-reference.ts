import { api } from '#shared/http/api.ts';
import { renderApiReference } from '#shared/http/api-reference.ts';
import document from '../../docs/openapi.json' with { type: 'json' };

let page: string | undefined;

/** The API reference page: HTML rendered from the OpenAPI document, no script and no external resource. */
export const handler = api('getApiReference', {}, () => {
  page ??= renderApiReference(document);
  return Promise.resolve({
    status: 200,
    text: page,
    contentType: 'text/html; charset=utf-8',
    headers: { 'cache-control': 'public, max-age=300', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'", 'x-content-type-options': 'nosniff' },
  });
});
