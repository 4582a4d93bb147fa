import { closeSync, fsync, openSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';

/**
 * fsync a directory so a create, rename or unlink inside it survives a power cut. Windows
 * cannot open directories for syncing (and NTFS journals metadata itself): skip there.
 */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  await syncNew(openSync(dir, 'r'));
}

const fsyncFd = promisify(fsync);

/**
 * fsync `fd`, then close it. Open, write and close are plain synchronous calls (see `writeAll`);
 * only the fsync waits on the disk, so it alone goes through libuv's thread pool, where the
 * fsyncs of several items in flight meet in one journal commit.
 */
async function syncNew(fd: number): Promise<void> {
  try {
    await fsyncFd(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Write a new file (never an existing one) and fsync its data before returning. Small files
 * only (records, tokens, thumbnails): the writes block, on the main thread too.
 */
export async function writeNewFileDurably(path: string, data: Uint8Array): Promise<void> {
  const fd = openSync(path, 'wx');
  try {
    for (let done = 0; done < data.length; ) done += writeSync(fd, data, done, data.length - done);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  await syncNew(fd);
}

/**
 * Writes `data` at `position`, synchronously: archive and journal writes run in pool threads
 * (docs/architecture.md), where a blocking call blocks nothing else and costs one system call;
 * an asynchronous one is a hand-off to libuv's thread pool and back (futex and epoll calls, and
 * on a loaded machine a context switch each way). fsyncs stay asynchronous on purpose: several
 * items' fsyncs in flight at once share one file-system journal commit (docs/architecture.md,
 * "The write path").
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
