/** The site writers: S3 on the exact command inputs (aws-sdk-client-mock), the local one on a temp dir. */
import { mkdtempSync, readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalSiteWriter, siteFilePath } from '#shared/site/local-site-writer.ts';
import { S3SiteWriter } from '#shared/site/s3-site-writer.ts';

const s3 = mockClient(S3Client);
beforeEach(() => s3.reset());

const file = { key: 'status/incidents/INC-20261124-0001', body: '<!doctype html><p>x</p>', contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=30' };

describe('S3SiteWriter', () => {
  it('puts one object with its content type and cache control', async () => {
    s3.on(PutObjectCommand).resolves({});
    await new S3SiteWriter('site-bucket', new S3Client({})).put(file);
    const calls = s3.commandCalls(PutObjectCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      Bucket: 'site-bucket',
      Key: 'status/incidents/INC-20261124-0001',
      Body: '<!doctype html><p>x</p>',
      ContentType: 'text/html; charset=utf-8',
      CacheControl: 'public, max-age=30',
    });
  });

  it('deletes a page by key', async () => {
    s3.on(DeleteObjectCommand).resolves({});
    await new S3SiteWriter('site-bucket', new S3Client({})).delete('status/incidents/INC-1');
    expect(s3.commandCalls(DeleteObjectCommand)[0]?.args[0].input).toEqual({ Bucket: 'site-bucket', Key: 'status/incidents/INC-1' });
  });

  it('refuses keys that are not plain relative paths, before any call', async () => {
    const writer = new S3SiteWriter('site-bucket', new S3Client({}));
    for (const key of ['/status', 'status/../secret', 'a//b', '', 'status/<x>']) {
      await expect(writer.put({ ...file, key })).rejects.toThrow(/Invalid site key/);
    }
    expect(s3.calls()).toHaveLength(0);
  });

  it('lets an S3 error through (the queue retries the batch)', async () => {
    s3.on(PutObjectCommand).rejects(new Error('SlowDown'));
    await expect(new S3SiteWriter('b', new S3Client({})).put(file)).rejects.toThrow('SlowDown');
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
