/**
 * Where the publisher writes the public site: an S3 bucket behind CloudFront in AWS
 * (shared/site/s3-site-writer.ts), `.local/site/` locally (shared/site/local-site-writer.ts).
 * Keys are URL paths without the leading slash (`status`, `status/incidents/INC-…`,
 * `v1/feeds/incidents.rss`, `api/v2/summary.json`), so the site's URLs equal the live API's.
 */
export interface SiteFile {
  readonly key: string;
  readonly body: string;
  readonly contentType: string;
  readonly cacheControl: string;
}

export interface SiteWriter {
  put(file: SiteFile): Promise<void>;
  /** Removes a page that must no longer be public (a deleted or now private incident). */
  delete(key: string): Promise<void>;
}

/** A key must be a relative path of plain segments: no `..`, no empty segment, no leading slash. */
export function assertSiteKey(key: string): void {
  if (!/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(key) || key.split('/').some((s) => s === '.' || s === '..')) {
    throw new Error(`Invalid site key: ${JSON.stringify(key)}`);
  }
}
