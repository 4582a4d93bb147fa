import { sameStamp } from './stability-window.ts';
import type { FileStamp } from './watch-port.ts';

/**
 * Paths where disk and index disagree: new, changed (size, mtime or inode) or gone. A rescan
 * (start-up catch-up, lost events, a poll) feeds these to the stability window instead of
 * indexing them at once, so a file still being copied is not read half-written.
 */
export function changedPaths(onDisk: Map<string, FileStamp>, indexed: Map<string, FileStamp>): Array<[string, FileStamp | null]> {
  const changed: Array<[string, FileStamp | null]> = [];
  for (const [path, stamp] of onDisk) {
    if (!sameStamp(indexed.get(path) ?? null, stamp)) changed.push([path, stamp]);
  }
  for (const path of indexed.keys()) if (!onDisk.has(path)) changed.push([path, null]);
  return changed;
}
