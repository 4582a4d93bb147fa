import type { JobSnapshot } from '../../../src-shared/contract/jobs.ts';
import type { WatchMode } from '../../../src-shared/contract/library.ts';
import type { AutoProcess } from '../../../src-shared/contract/settings.ts';
import type { FileStat } from '../platform/file-stat.ts';

/**
 * What the watcher needs from the rest of the core, as one small port: the watcher decides
 * *when* a file is worth looking at; the library decides what it is. Tests drive the watcher
 * through a real adapter (real SQLite, real scans) with fake timers, or through this port.
 */

/** What the index keys a file on (platform/file-stat.ts). */
export type FileStamp = FileStat;

export interface WatchedRoot {
  id: number;
  path: string;
  watchMode: WatchMode;
  pollMinutes: number;
  /** Its first full scan finished: files it did not see are new (docs/watcher.md). */
  scanned: boolean;
}

/** One change the watcher made the index follow. */
export interface FileChange {
  change: 'added' | 'changed' | 'removed' | 'moved';
  rootId: number;
  relPath: string;
  fileId: number;
  /** For a move: where the file was. */
  from?: string;
}

export interface WatchLibrary {
  roots(): WatchedRoot[];
  /** The index's stamps of the root's files under `relDir` (`''`: the whole root). */
  indexed(rootId: number, relDir: string): Map<string, FileStamp>;
  /** The archives on disk under `relDir`; throws when the folder cannot be read (offline). */
  onDisk(rootPath: string, relDir: string): Promise<Map<string, FileStamp>>;
  /** A path's stamp now; 'dir' for a folder, null when nothing is there. */
  stat(rootPath: string, relPath: string): Promise<FileStamp | 'dir' | null>;
  /**
   * The root's files a job is working on right now, as a test by path or inode: what happens
   * to them is our own write. Taken once per batch of settled paths.
   */
  inFlight(rootId: number): (relPath: string, stamp: FileStamp | null) => boolean;
  /** The full incremental scan of a root (its first scan, when it never finished one). */
  scan(rootId: number): Promise<void>;
  /** Makes the index follow these paths as they are on disk now; returns what changed. */
  refresh(rootId: number, relPaths: string[]): Promise<FileChange[]>;
  /** Starts the auto-process job for new files. */
  autoProcess(kind: Exclude<AutoProcess, 'off'>, fileIds: number[]): JobSnapshot;
  /** The index changed because of the watcher (a window refreshes its view). */
  changed(): void;
}

/** Time, injectable so the stability logic is tested without waiting. */
export interface WatchTimers {
  now(): number;
  /** Runs `fn` after `ms`; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
}

/** A recursive stream of file-system change notifications for one folder. */
export interface ChangeFeed {
  subscribe(
    folder: string,
    onPaths: (absPaths: string[]) => void,
    onError: (error: Error) => void,
  ): Promise<{ close(): Promise<void> }>;
}

export const systemTimers: WatchTimers = {
  now: () => Date.now(),
  after: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};
