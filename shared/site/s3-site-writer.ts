/** The site in AWS: one PutObject per file into the stage's site bucket (lib/constructs/static-site.ts). */
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { assertSiteKey, type SiteFile, type SiteWriter } from '#shared/site/site-writer.ts';

export class S3SiteWriter implements SiteWriter {
  constructor(
    private readonly bucket: string,
    private readonly client: S3Client = new S3Client({}),
  ) {}

  async put(file: SiteFile): Promise<void> {
    assertSiteKey(file.key);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: file.key,
        Body: file.body,
        ContentType: file.contentType,
        CacheControl: file.cacheControl,
      }),
    );
  }

  async delete(key: string): Promise<void> {
    assertSiteKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
