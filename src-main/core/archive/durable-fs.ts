import { writeSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';

/**
 * fsync a directory so a create, rename or unlink inside it survives a power cut. Windows
 * cannot open directories for syncing (and NTFS journals metadata itself): skip there.
 */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Write a new file (never an existing one) and fsync its data before returning. */
export async function writeNewFileDurably(path: string, data: Uint8Array): Promise<void> {
  const handle = await fs.open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes `data` at `position`, synchronously: archive and journal writes run in pool threads
 * (docs/architecture.md), where a blocking call blocks nothing else and costs one system call;
 * an asynchronous one is a hand-off to libuv's thread pool and back (futex and epoll calls, and
 * on a loaded machine a context switch each way). fsyncs stay asynchronous on purpose: several
 * items' fsyncs in flight at once share one file-system journal commit (docs/concurrency.md).
 */
export async function writeAll(handle: FileHandle, data: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < data.length) done += writeSync(handle.fd, data, done, data.length - done, position + done);
}

/** dev+ino as strings: inode numbers can exceed 2^53 (NTFS file ids, some NAS file systems). */
export interface FileIdentity {
  dev: string;
  ino: string;
}

export function identityOf(stat: BigIntStats): FileIdentity {
  return { dev: stat.dev.toString(), ino: stat.ino.toString() };
}

export async function removeIfExists(path: string): Promise<boolean> {
  try {
    await fs.unlink(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
