/** The site writers: S3 through signed requests to a local HTTP server playing S3, the local one on a temp dir. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalSiteWriter, siteFilePath } from '#shared/site/local-site-writer.ts';
import { S3SiteWriter, S3WriteError } from '#shared/site/s3-site-writer.ts';

const file = { key: 'status/incidents/INC-20261124-0001', body: '<!doctype html><p>x</p>', contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=30' };

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('S3SiteWriter', () => {
  const received: Received[] = [];
  let answers: { status: number; body?: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers.shift() ?? { status: 200 };
      res.writeHead(answer.status, { 'content-type': 'application/xml' }).end(answer.body ?? '');
    });
  });
  let endpoint = '';
  const credentials = () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session-token' });
  const writer = (retries = 0) => new S3SiteWriter('site-bucket', { endpoint, region: 'eu-west-1', credentials, retries });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    answers = [];
  });

  it('puts one object with its content type and cache control, signed with Signature V4 for s3 in the region', async () => {
    await writer().put(file);
    expect(received).toHaveLength(1);
    const [put] = received as [Received];
    expect(put).toMatchObject({ method: 'PUT', url: '/status/incidents/INC-20261124-0001', body: file.body });
    expect(put.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'public, max-age=30',
      'x-amz-security-token': 'session-token',
      'x-amz-content-sha256': createHash('sha256').update(file.body).digest('hex'),
    });
    expect(put.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/s3\/aws4_request, SignedHeaders=[^,]*cache-control;content-type;host;[^,]*x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/);
  });

  it('defaults to the bucket\'s regional endpoint and the environment\'s credentials', () => {
    const defaults = new S3SiteWriter('site-bucket', { region: 'eu-west-1' });
    expect((defaults as unknown as { endpoint: string }).endpoint).toBe('https://site-bucket.s3.eu-west-1.amazonaws.com');
  });

  it('deletes a page by key', async () => {
    answers = [{ status: 204 }];
    await writer().delete('status/incidents/INC-1');
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual(['DELETE /status/incidents/INC-1']);
  });

  it('refuses keys that are not plain relative paths, before any call', async () => {
    for (const key of ['/status', 'status/../secret', 'a//b', '', 'status/<x>']) {
      await expect(writer().put({ ...file, key })).rejects.toThrow(/Invalid site key/);
    }
    expect(received).toHaveLength(0);
  });

  it('retries a 503 SlowDown, then succeeds', async () => {
    answers = [{ status: 503, body: '<Error><Code>SlowDown</Code></Error>' }, { status: 200 }];
    await writer(2).put(file);
    expect(received).toHaveLength(2);
  });

  it('lets an S3 error through with its code (the queue retries the batch)', async () => {
    answers = [{ status: 403, body: '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>' }];
    const error = await writer().put(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3WriteError);
    expect(error).toMatchObject({ status: 403, code: 'AccessDenied', message: 'S3 PUT status/incidents/INC-20261124-0001: 403 AccessDenied' });
  });
});

describe('LocalSiteWriter', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'site-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('maps keys without an extension to <key>/index.html, others as they are', () => {
    expect(siteFilePath('/r', 'status')).toBe('/r/status/index.html');
    expect(siteFilePath('/r', 'status/history')).toBe('/r/status/history/index.html');
    expect(siteFilePath('/r', 'v1/feeds/incidents.rss')).toBe('/r/v1/feeds/incidents.rss');
  });

  it('writes atomically (no temp file left) and overwrites', async () => {
    const writer = new LocalSiteWriter(root);
    await writer.put({ ...file, key: 'status', body: 'one' });
    await writer.put({ ...file, key: 'status/history', body: 'history' });
    await Promise.all(Array.from({ length: 20 }, (_, i) => writer.put({ ...file, key: 'status', body: `v${i}` })));
    expect(readFileSync(path.join(root, 'status/index.html'), 'utf8')).toMatch(/^v\d+$/);
    expect(readFileSync(path.join(root, 'status/history/index.html'), 'utf8')).toBe('history');
    expect(readdirSync(path.join(root, 'status')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('deletes a page and refuses to leave its root', async () => {
    const writer = new LocalSiteWriter(root);
    await writer.put({ ...file, key: 'status/incidents/INC-1', body: 'x' });
    await writer.delete('status/incidents/INC-1');
    expect(existsSync(path.join(root, 'status/incidents/INC-1/index.html'))).toBe(false);
    await expect(writer.put({ ...file, key: '../escape' })).rejects.toThrow(/Invalid site key/);
  });
});
