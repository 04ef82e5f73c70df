/**
 * Local mode as one function: DynamoDB Local, the table (same definition as CDK), the local token
 * issuer and the gateway serving every route of lib/routes.ts. bin/local.ts runs it for
 * `npm start`; the end-to-end tests run bin/local.ts as a child process.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { routes } from '#lib/routes.ts';
import { createJwtVerifier } from '#shared/http/jwt.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from '#shared/local/dynamodb-local.ts';
import { ensureTable } from '#shared/local/create-table.ts';
import { createGateway } from '#shared/local/gateway.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadIssuer } from '#shared/local/issuer.ts';
import { localLogEnabled } from '#shared/local/console-log.ts';
import { loadAckLinkSecret } from '#shared/local/ack-link-secret.ts';
// Web app: the /incidents app and the local sign-in.
import { createLocalSignIn } from '#shared/local/sign-in.ts';
import { createSiteServer } from '#shared/local/site.ts';
import { buildWebApp, localWebConfig } from '../../web/build.ts';

export interface LocalRuntimeOptions {
  /** Project root (route entries are relative to it). */
  readonly root: string;
  /** Where the database, keys and other local state live (default `<root>/.local`). */
  readonly dataDir: string;
  readonly port: number;
  readonly host?: string;
  /** Keep the database in memory instead of under dataDir (tests). */
  readonly inMemory?: boolean;
  readonly tableName?: string;
}

export interface LocalRuntime {
  readonly url: string;
  readonly dynamodb: DynamoDbLocal;
  stop(): Promise<void>;
}

/** status: a random secret kept in `<dataDir>/<name>` (created on first start, mode 600). */
function localSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const dynamodb = await startDynamoDbLocal(options.inMemory ? {} : { dbPath: path.join(options.dataDir, 'dynamodb') });
  const tableName = options.tableName ?? 'incidents-local';
  // Handlers read these when they are first imported (shared/config.ts parses them once).
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamodb.endpoint,
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    STAGE: 'local',
    POWERTOOLS_DEV: process.env.POWERTOOLS_DEV ?? 'true',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${options.port}`,
    // Paging: the acknowledge links' secret (a file under dataDir, like the issuer's key).
    ACK_LINK_SECRET: process.env.ACK_LINK_SECRET ?? loadAckLinkSecret(options.dataDir),
    // status (public subscribers): the links' HMAC key, made once and kept under .local/.
    SUBSCRIBER_SECRET: process.env.SUBSCRIBER_SECRET ?? localSecret(options.dataDir, 'subscriber-secret'),
  });
  try {
    const client = new DynamoDBClient({ endpoint: dynamodb.endpoint });
    await ensureTable(client, tableName);
    client.destroy();
    const issuer = await loadIssuer(options.dataDir);
    const jwks = JSON.stringify(issuer.jwks);
    // status (site): the publisher writes .local/site/ (the bucket in AWS); the gateway serves it at /status….
    const { createLocalSitePublisher } = await import('#shared/local/site-publisher.ts');
    const { siteSecurityHeaders } = await import('#shared/site/security-headers.ts');
    // Renders wait while the gateway (created below) serves API requests, at most 1 s (site-publisher.ts).
    const site = createLocalSitePublisher({ root: path.join(options.dataDir, 'site'), apiBusy: () => gateway.inFlight() > 0 });
    // Web app: build /incidents into the local stand-in of the site bucket; serve it and the sign-in.
    const siteDir = path.join(options.dataDir, 'site');
    await buildWebApp(path.join(siteDir, 'incidents'), localWebConfig(LOCAL_AUDIENCE));
    const signIn = createLocalSignIn({ issuer });
    const webApp = createSiteServer(siteDir);
    const gateway = createGateway({
      ...(localLogEnabled() ? { requestLog: (line: string) => console.log(line) } : {}),
      site: { root: site.root, prefixes: ['/status'], headers: siteSecurityHeaders() },
      routes,
      root: options.root,
      verifier: createJwtVerifier({ issuer: LOCAL_ISSUER, audience: [LOCAL_AUDIENCE, 'local-machine-client'], jwks: issuer.jwks }),
      pages: async (req, res, url) => (await signIn.handle(req, res, url)) || (await webApp(req, res, url)),
      extra: {
        '/.well-known/jwks.json': () => ({ contentType: 'application/json', body: jwks }),
        // Local only: queue depths, dead letters, what e-mail/SNS would have sent.
        '/_local/events': () => ({ contentType: 'application/json', body: JSON.stringify(events ? { ...events.snapshot(), site: { ...site.stats(), queue: site.queue.stats(), dead_letters: site.dlq.peek().length } } : null) }),
      },
    });
    // Stream poller, in-process bus and queues (imported now: it reads the config set above).
    const { startLocalEventPipeline } = await import('#shared/local/event-pipeline.ts');
    // With the database on disk, the pipeline's position and queues are kept next to it (nothing lost across a restart).
    const events = await startLocalEventPipeline({ endpoint: dynamodb.endpoint, tableName, rules: [site.rule], ...(options.inMemory ? {} : { dataDir: options.dataDir }) });
    await site.start();
    const url = await gateway.listen(options.port, options.host);
    // Lets local tools (npm run alarm, …) reach this runtime's DynamoDB Local and table.
    writeFileSync(path.join(options.dataDir, 'runtime.json'), JSON.stringify({ url, dynamodbEndpoint: dynamodb.endpoint, tableName, pid: process.pid, region: process.env.AWS_REGION, accessKeyId: process.env.AWS_ACCESS_KEY_ID }, null, 2));
    return {
      url,
      dynamodb,
      async stop() {
        rmSync(path.join(options.dataDir, 'runtime.json'), { force: true });
        await gateway.close();
        await events.stop();
        await site.stop();
        await dynamodb.stop();
      },
    };
  } catch (error) {
    await dynamodb.stop();
    throw error;
  }
}

