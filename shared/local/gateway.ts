/**
 * The local stand-in for API Gateway: a node:http server built from lib/routes.ts that turns each
 * request into the HTTP API payload v2 event (with JWT authorizer claims, exactly the shape the
 * Cognito authorizer produces), invokes the route's real handler and writes its result back.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { Route } from '#lib/routes.ts';
import type { ApiEvent, ApiResponse } from '#shared/http/api.ts';
import type { JwtVerifier } from '#shared/http/jwt.ts';
import { readSiteFile } from '#shared/site/local-site-writer.ts';

type Handler = (event: ApiEvent, context: Context) => Promise<ApiResponse>;

export interface GatewayOptions {
  readonly routes: readonly Route[];
  readonly verifier: JwtVerifier;
  /** Project root the route entries are relative to. */
  readonly root: string;
  /** Extra non-API endpoints (the JWKS document). */
  readonly extra?: Readonly<Record<string, () => { contentType: string; body: string }>>;
  /**
   * Non-API pages served before the routes (the /incidents app, the local sign-in): answers the
   * request and returns true, or returns false to let the routes handle it.
   */
  readonly pages?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
  /** Largest body read from the socket; the handlers enforce their own, smaller limit. */
  readonly maxBodyBytes?: number;
  /**
   * status: the published site (`.local/site/`, what the S3 bucket holds in AWS), served for GET
   * and HEAD under these path prefixes with the site's security headers; a path with no
   * published file falls through to the routes.
   */
  readonly site?: { readonly root: string; readonly prefixes: readonly string[]; readonly headers?: Readonly<Record<string, string>> };
  /** Called with one line per answered request (`GET /v1/incidents 200 12 ms`); absent: quiet. */
  readonly requestLog?: (line: string) => void;
}

/** `22:30:01 GET /v1/incidents 200 12 ms`: what a person watching `npm start` needs. */
export function requestLine(at: Date, method: string, path: string, status: number, ms: number): string {
  return `${at.toISOString().slice(11, 19)} ${method} ${path} ${status} ${Math.round(ms)} ms`;
}

export interface LocalGateway {
  readonly server: Server;
  /** API requests (routes of the route table) being served now. */
  inFlight(): number;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly names: string[];
  readonly literalSegments: number;
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const segments = route.path.split('/').filter(Boolean);
  const source = segments
    .map((segment) => {
      const param = /^\{(\w+)\+?\}$/.exec(segment);
      if (param?.[1]) {
        names.push(param[1]);
        return '/([^/]+)';
      }
      return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
    })
    .join('');
  return { route, pattern: new RegExp(`^${source || '/'}$`), names, literalSegments: segments.filter((s) => !s.startsWith('{')).length };
}

function problem(res: ServerResponse, status: number, title: string, detail: string, extraHeaders: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/problem+json', 'x-request-id': randomUUID(), 'access-control-allow-origin': '*', ...extraHeaders });
  res.end(JSON.stringify({ type: `/problems/${title.toLowerCase().replace(/\W+/g, '-')}`, title, status, detail }));
}

/** A path segment percent-decoded, or undefined when it is not valid percent-encoded UTF-8. */
export function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function lambdaContext(route: Route, requestId: string): Context {
  const deadline = Date.now() + 29_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${route.id}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:local-${route.id}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/local-${route.id}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function createGateway(options: GatewayOptions): LocalGateway {
  const compiled = options.routes.map(compile).sort((a, b) => b.literalSegments - a.literalSegments);
  const handlers = new Map<string, Promise<Handler>>();
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  let apiInFlight = 0;

  const load = (route: Route): Promise<Handler> => {
    let handler = handlers.get(route.id);
    if (!handler) {
      const url = pathToFileURL(path.join(options.root, route.entry)).href;
      handler = import(url).then((mod: { handler?: Handler }) => {
        if (typeof mod.handler !== 'function') throw new Error(`${route.entry} does not export a handler`);
        return mod.handler;
      });
      handlers.set(route.id, handler);
    }
    return handler;
  };

  const server = createServer((req, res) => {
    if (options.requestLog) {
      const log = options.requestLog;
      const started = performance.now();
      res.once('finish', () => log(requestLine(new Date(), (req.method ?? 'GET').toUpperCase(), (req.url ?? '/').split('?')[0] ?? '/', res.statusCode, performance.now() - started)));
    }
    handle(req, res).catch((error: unknown) => {
      console.error('local gateway error', error);
      if (!res.headersSent) problem(res, 500, 'Internal error', 'The local gateway failed; see the server log.');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    if (options.pages && (await options.pages(req, res, url))) return;
    const extra = options.extra?.[url.pathname];
    if (extra && method === 'GET') {
      const { contentType, body } = extra();
      res.writeHead(200, { 'content-type': contentType });
      res.end(body);
      return;
    }
    if (options.site && (method === 'GET' || method === 'HEAD') && options.site.prefixes.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`))) {
      const file = await readSiteFile(options.site.root, url.pathname);
      if (file) {
        res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.body.length), 'cache-control': 'no-cache', ...options.site.headers });
        res.end(method === 'HEAD' ? undefined : file.body);
        return;
      }
    }
    const matches = compiled.filter((c) => c.pattern.test(url.pathname));
    if (method === 'OPTIONS' && matches.length > 0) {
      res.writeHead(204, {
        'access-control-allow-origin': req.headers.origin ?? '*',
        'access-control-allow-methods': [...new Set(matches.map((m) => m.route.method))].join(', '),
        'access-control-allow-headers': 'authorization, content-type, if-match, if-none-match, idempotency-key',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const match = matches.find((c) => c.route.method === method);
    if (!match) {
      if (matches.length > 0) {
        const allow = [...new Set(matches.map((m) => m.route.method))].join(', ');
        problem(res, 405, 'Method not allowed', `${method} is not supported on ${url.pathname}; use ${allow}.`, { allow });
      } else {
        problem(res, 404, 'Not found', `No route for ${method} ${url.pathname}.`);
      }
      return;
    }
    const { route } = match;
    apiInFlight += 1;
    res.once('close', () => (apiInFlight -= 1));
    const values = match.pattern.exec(url.pathname)?.slice(1) ?? [];
    // API Gateway answers 400 to a path it cannot percent-decode; so does the local stand-in, before
    // the token check, as the route cannot even be named.
    const pathParameters: Record<string, string> = {};
    for (const [i, name] of match.names.entries()) {
      const decoded = decodePathSegment(values[i] ?? '');
      if (decoded === undefined) {
        problem(res, 400, 'Bad request', `The path ${url.pathname} is not validly percent-encoded (a % must be followed by two hex digits forming UTF-8).`);
        return;
      }
      pathParameters[name] = decoded;
    }

    // The JWT authorizer: protected routes need a valid bearer token before the handler runs.
    let claims: Record<string, unknown> | undefined;
    if (route.access !== 'public') {
      const header = req.headers.authorization ?? '';
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      if (!token) {
        problem(res, 401, 'Unauthorized', 'A bearer token is required: send `Authorization: Bearer <jwt>` (`npm run token` prints one locally).', { 'www-authenticate': 'Bearer' });
        return;
      }
      try {
        claims = await options.verifier(token);
      } catch (error) {
        problem(res, 401, 'Unauthorized', `The bearer token was rejected: ${(error as Error).message}.`, { 'www-authenticate': 'Bearer error="invalid_token"' });
        return;
      }
    }

    const body = await readBody(req, maxBody);
    if (body === 'too-large') {
      problem(res, 413, 'Payload too large', `The request body is larger than ${maxBody} bytes.`);
      req.resume();
      return;
    }

    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    }
    const query: Record<string, string> = {};
    for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key).join(',');
    const requestId = randomUUID();
    const event: ApiEvent = {
      version: '2.0',
      routeKey: `${route.method} ${route.path}`,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(match.names.length ? { pathParameters } : {}),
      ...(body.length ? { body: body.toString('utf8') } : {}),
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: req.headers.host ?? 'localhost',
        domainPrefix: 'localhost',
        requestId,
        routeKey: `${route.method} ${route.path}`,
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
        http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: req.headers['user-agent'] ?? '' },
        authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: (claims ?? {}) as Record<string, string>, scopes: [] } },
      },
    };
    if (!claims) delete (event.requestContext as { authorizer?: unknown }).authorizer;

    const handler = await load(route);
    const result = await handler(event, lambdaContext(route, requestId));
    const responseHeaders: Record<string, string> = { ...result.headers };
    res.writeHead(result.statusCode, responseHeaders);
    res.end(result.body === undefined ? undefined : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
  }

  return {
    server,
    inFlight: () => apiInFlight,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          const actual = typeof address === 'object' && address ? address.port : port;
          resolve(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}`);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
