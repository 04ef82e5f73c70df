/**
 * The site locally: files under `.local/site/`, each written atomically (a temp file in the same
 * directory, then rename), so the local server never serves a half-written page.
 *
 * S3 keys can be both an object and a prefix (`status` and `status/history`); a file system path
 * cannot be both a file and a directory, so a key without an extension is stored as
 * `<key>/index.html` (siteFilePath) and the local server maps URLs the same way.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assertSiteKey, type SiteFile, type SiteWriter } from '#shared/site/site-writer.ts';

export function siteFilePath(root: string, key: string): string {
  const last = key.split('/').at(-1) ?? '';
  return path.join(root, ...key.split('/'), ...(last.includes('.') ? [] : ['index.html']));
}

let counter = 0;

export class LocalSiteWriter implements SiteWriter {
  constructor(readonly root: string) {}

  async put(file: SiteFile): Promise<void> {
    assertSiteKey(file.key);
    const target = siteFilePath(this.root, file.key);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${++counter}.tmp`;
    await writeFile(temp, file.body);
    await rename(temp, target);
  }

  async delete(key: string): Promise<void> {
    assertSiteKey(key);
    await rm(siteFilePath(this.root, key), { force: true });
  }
}

/** What a file's name says it is (the local server; S3 keeps the type given at PutObject). */
export function contentTypeOf(file: string): string {
  if (file.endsWith('.html')) return 'text/html; charset=utf-8';
  if (file.endsWith('.rss')) return 'application/rss+xml; charset=utf-8';
  if (file.endsWith('.atom')) return 'application/atom+xml; charset=utf-8';
  if (file.endsWith('.json')) return 'application/json; charset=utf-8';
  if (file.endsWith('.css')) return 'text/css; charset=utf-8';
  return 'application/octet-stream';
}

/** The published file for a URL path, or undefined (unknown path, or one that is not a site key). */
export async function readSiteFile(root: string, urlPath: string): Promise<{ body: Buffer; contentType: string } | undefined> {
  let key: string;
  try {
    key = decodeURIComponent(urlPath).replace(/^\/+|\/+$/g, '');
    assertSiteKey(key);
  } catch {
    return undefined;
  }
  const file = siteFilePath(root, key);
  try {
    return { body: await readFile(file), contentType: contentTypeOf(file) };
  } catch {
    return undefined;
  }
}
