import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#shared/store/client.ts';
import { keys } from '#shared/store/keys.ts';

/** Reads one well-known key: proves the table answers with this function's credentials. */
export async function pingTable(): Promise<{ ok: true; latencyMs: number } | { ok: false; error: string }> {
  const started = performance.now();
  try {
    await db.send(new GetCommand({ TableName: tableName, Key: keys.health() }));
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, error: (error as Error).name };
  }
}
