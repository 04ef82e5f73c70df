/**
 * Local mode's small durable files (the stream poller's position, the local queues' messages):
 * written to a temporary file, fsync'd, renamed over the target, and the directory fsync'd, so a
 * reader after a crash (SIGKILL, power loss) sees either the old or the new content, never a torn
 * one.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** fsync of a directory: makes renames and unlinks in it durable (a no-op where unsupported). */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) cannot open or fsync a directory; the rename is still atomic there.
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}

/** Writes `data` to `file` atomically; with `syncDir` false the caller syncs the directory itself (one sync for many files). */
export async function writeFileDurably(file: string, data: string, options: { syncDir?: boolean } = {}): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  if (options.syncDir !== false) await syncDirectory(path.dirname(file));
}
