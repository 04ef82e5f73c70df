/**
 * The API reference page (`GET /docs`): plain HTML rendered on the server from the OpenAPI
 * document, self-contained (no script, no CDN, inline style only), so it works offline in local
 * mode and under a strict Content-Security-Policy.
 */
type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Json;
}

interface Operation {
  operationId: string;
  summary?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  security?: unknown[];
  'x-required'?: { role: string; or_scopes: string[] };
}

const escape = (text: unknown): string =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function access(operation: Operation): string {
  if (Array.isArray(operation.security) && operation.security.length === 0) return 'public';
  const required = operation['x-required'];
  return required ? `${required.role}+ or scope ${required.or_scopes.join(' / ')}` : 'token';
}

function parameterList(parameters: Parameter[] | undefined): string {
  if (!parameters || parameters.length === 0) return '';
  const items = parameters.map((p) => {
    const type = p.schema?.type ? ` <span class="type">${escape(p.schema.type)}</span>` : '';
    return `<li><code>${escape(p.name)}</code> <span class="in">${escape(p.in)}${p.required ? ', required' : ''}</span>${type}</li>`;
  });
  return `<ul class="params">${items.join('')}</ul>`;
}

export function renderApiReference(document: Json): string {
  const info = (document.info ?? {}) as { title?: string; version?: string; description?: string };
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
  const byTag = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const tag = operation.tags?.[0] ?? 'other';
      const statuses = Object.keys(operation.responses ?? {}).join(' ');
      const row =
        `<tr id="${escape(operation.operationId)}"><td class="method ${escape(method)}">${escape(method.toUpperCase())}</td>` +
        `<td><code>${escape(path)}</code>${parameterList(operation.parameters)}${operation.requestBody ? '<div class="body">JSON body</div>' : ''}</td>` +
        `<td>${escape(operation.summary ?? '')}<div class="meta">${escape(operation.operationId)} · ${escape(access(operation))} · ${escape(statuses)}</div></td></tr>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), row]);
    }
  }
  const sections = [...byTag].map(([tag, rows]) => `<h2 id="tag-${escape(tag)}">${escape(tag)}</h2><table><tbody>${rows.join('')}</tbody></table>`);
  const toc = [...byTag.keys()].map((tag) => `<a href="#tag-${escape(tag)}">${escape(tag)}</a>`).join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(info.title ?? 'API')} reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1b1f24}
table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}td{border-top:1px solid #d0d7de;padding:.5rem;vertical-align:top}
.method{font-weight:700;font-family:monospace;width:5rem}.get{color:#0969da}.post{color:#1a7f37}.put,.patch{color:#9a6700}.delete{color:#cf222e}
.meta,.in,.type,.body{color:#57606a;font-size:.85em}.params{margin:.25rem 0 0;padding-left:1.2rem}code{font-size:.95em}
</style>
</head>
<body>
<h1>${escape(info.title ?? 'API')} <small>v${escape(info.version ?? '')}</small></h1>
<p>${escape(info.description ?? '')}</p>
<p>The machine-readable document: <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI ${escape(document.openapi ?? '')}). Errors are <code>application/problem+json</code>. Sections: ${toc}</p>
${sections.join('\n')}
</body>
</html>
`;
}
