/**
 * The site in AWS: one signed `PUT` (or `DELETE`) per file into the stage's site bucket
 * (lib/constructs/static-site.ts), through `aws4fetch` rather than `@aws-sdk/client-s3`.
 *
 * Why not the SDK: the S3 client brings its XML protocol, checksum, S3 Express and multi-region
 * signing layers (about 230 KiB minified), which put the publisher's bundle at 529 KiB, over the
 * 400 KiB budget every function keeps (BENCHMARKS.md). Two object calls with a content type need
 * none of that; `aws4fetch` (a few KiB, Signature V4 on `fetch`) signs them and retries 5xx and
 * 429 with jittered back-off, as the SDK would.
 */
import { AwsClient } from 'aws4fetch';
import { assertSiteKey, type SiteFile, type SiteWriter } from '#shared/site/site-writer.ts';

export interface S3SiteWriterOptions {
  /** Defaults to the regional virtual-hosted endpoint of the bucket; tests point it at a local server. */
  readonly endpoint?: string;
  readonly region?: string;
  /** Defaults to the Lambda environment's credentials (the execution role's, read at each call). */
  readonly credentials?: () => { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts after the first for 5xx and 429 answers. */
  readonly retries?: number;
}

const fromEnvironment = () => ({
  accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
  ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
});

/** An S3 answer other than 2xx, after the retries. */
export class S3WriteError extends Error {
  constructor(
    readonly method: string,
    readonly key: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(`S3 ${method} ${key}: ${status} ${code}`);
    this.name = 'S3WriteError';
  }
}

export class S3SiteWriter implements SiteWriter {
  private readonly region: string;
  private readonly endpoint: string;

  constructor(
    private readonly bucket: string,
    private readonly options: S3SiteWriterOptions = {},
  ) {
    this.region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
    this.endpoint = options.endpoint ?? `https://${bucket}.s3.${this.region}.amazonaws.com`;
  }

  async put(file: SiteFile): Promise<void> {
    assertSiteKey(file.key);
    // The payload's hash is signed (not UNSIGNED-PAYLOAD): S3 refuses a body altered on the way.
    const hash = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(file.body))).toString('hex');
    await this.send('PUT', file.key, { body: file.body, headers: { 'content-type': file.contentType, 'cache-control': file.cacheControl, 'x-amz-content-sha256': hash } });
  }

  async delete(key: string): Promise<void> {
    assertSiteKey(key);
    await this.send('DELETE', key, {});
  }

  private async send(method: 'PUT' | 'DELETE', key: string, init: { body?: string; headers?: Record<string, string> }): Promise<void> {
    const client = new AwsClient({ ...(this.options.credentials ?? fromEnvironment)(), service: 's3', region: this.region, retries: this.options.retries ?? 3 });
    // allHeaders: content-type and cache-control are signed too, so they reach S3 as written.
    const res = await client.fetch(`${this.endpoint}/${key}`, { method, ...init, aws: { allHeaders: true } });
    if (res.ok) return;
    const text = await res.text();
    throw new S3WriteError(method, key, res.status, /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? res.statusText);
  }
}
