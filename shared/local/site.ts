/**
 * Local mode's stand-in for the static site (S3 + CloudFront): serves the built /incidents app
 * from `<dataDir>/site/incidents/` with the headers the site sends in AWS (a strict CSP, nosniff,
 * no referrer, no-cache for index.html and config.json, immutable hashed assets).
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { webAppCsp } from '../../web/csp.ts';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': webAppCsp(),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

export function createSiteServer(siteDir: string) {
  const appDir = path.join(siteDir, 'incidents');
  return async function serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname !== '/incidents' && !url.pathname.startsWith('/incidents/')) return false;
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('The /incidents app is static: GET only.');
      return true;
    }
    if (url.pathname === '/incidents') {
      res.writeHead(301, { location: `/incidents/${url.search}` });
      res.end();
      return true;
    }
    const name = decodeURIComponent(url.pathname.slice('/incidents/'.length)) || 'index.html';
    // One flat folder: no sub-paths, so nothing outside it can be named.
    if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) return notFound(res);
    const type = TYPES[path.extname(name)];
    if (!type) return notFound(res);
    let body: Buffer;
    try {
      body = await readFile(path.join(appDir, name));
    } catch {
      return notFound(res);
    }
    const hashed = /-[A-Z0-9]{8}\.(js|css)(\.map)?$/.test(name);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': type,
      'content-length': String(body.length),
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(method === 'HEAD' ? undefined : body);
    return true;
  };
}

function notFound(res: ServerResponse): true {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
  res.end('Not found');
  return true;
}
