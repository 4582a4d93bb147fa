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

export async function writeAll(handle: FileHandle, data: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
    done += bytesWritten;
  }
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
