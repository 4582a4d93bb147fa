import type { ComicInfoPatch, ComicInfoValues } from '../../../src-shared/contract/comicinfo.ts';
import type { ErrorCode } from '../../../src-shared/contract/errors.ts';
import type { FileStatus } from '../../../src-shared/contract/library.ts';
import type { Settings } from '../../../src-shared/contract/settings.ts';
import type { FileMetadata } from '../library/file-metadata.ts';

/**
 * The seam between the job engine (which owns the database and the queue) and the per-file
 * operations (which run inside worker threads and touch archives). Everything here is plain
 * data, structured-cloneable across `postMessage`.
 */
export type OperationKind =
  | 'process'
  | 'rename'
  | 'normalize'
  | 'edit'
  | 'convert'
  | 'move-duplicate'
  | 'delete'
  | 'keep-both'
  | 'undo'
  | 'noop';

export interface OperationItem {
  fileId: number;
  rootPath: string;
  /** `/`-separated path relative to rootPath, as currently indexed. */
  relPath: string;
  /** What the index says; an operation refuses a file that changed since (ARCHIVE_CHANGED). */
  expected: { size: number; mtimeMs: number };
  /** `edit`: the fields to set/remove. `undo`: the snapshot to restore. */
  patch?: ComicInfoPatch;
  /**
   * `edit`: the ComicInfo.xml the patch applies to instead of the file's own, which may be
   * malformed (the repair view, docs/ui.md "Repairing ComicInfo.xml").
   */
  replaceComicInfo?: string;
  restore?: ItemSnapshot;
  /** `undo`: the snapshot the job left the file in; a file that no longer matches is refused. */
  guard?: ItemSnapshot;
  /** The file's index status now; recorded in the before-snapshot so undo can hand it back. */
  status?: FileStatus;
}

export interface OperationContext {
  settings: Settings;
  /** Folder for archive write journals and rename intents (inside the data folder). */
  journalDir: string;
  /** Compute the outcome without writing anything (previews, `longbox inspect`, `--dry-run`). */
  dryRun: boolean;
  /**
   * Optional trash port (the OS trash is Electron's `shell.trashItem`, unavailable in workers).
   * A function is not structured-cloneable, so the job engine normally leaves this out: then a
   * CBR→CBZ conversion leaves the original CBR in place and lists it in
   * `OperationOutcome.pendingTrash`, and the main thread trashes it (ports.trash) after it has
   * committed the item. In-process callers (tests, CLI, a worker host that round-trips a
   * message to the main thread) may pass a function and the original is trashed at once.
   */
  trash?: (absPath: string) => Promise<void>;
  /**
   * The job's undo-record folder (undo-record.ts), set for real runs of undoable jobs: each item
   * records what the file was before its first change, durably, before making it.
   */
  undoDir?: string;
  /**
   * Retry: each file is re-read as it is now (the user may have repaired or replaced it), not
   * refused because it differs from the index (docs/undo-and-results.md).
   */
  replan?: boolean;
}

/** A file as the user sees it, before or after an operation: for history, diffs and undo. */
export interface ItemSnapshot {
  /** `/`-separated, relative to the item's rootPath (may start with `../` when outside it). */
  relPath: string;
  size: number;
  mtimeMs: number;
  values: ComicInfoValues;
  /** Absolute path; always set by the operations (needed when the file left the root, e.g. a duplicates folder). */
  absPath?: string;
  /**
   * The index status the file had. Operations never know it; the job engine may fill it into
   * the before-snapshot so that undo hands it back as `fileStatus`.
   */
  status?: FileStatus;
  /** The item's undo record (undo-record.ts): original tail and old ComicInfo.xml for exact undo. */
  undoRecord?: string;
}

export interface OperationOutcome {
  state: 'done' | 'skipped' | 'failed';
  code?: ErrorCode;
  message?: string;
  before?: ItemSnapshot;
  after?: ItemSnapshot;
  /** The index row's new status (processed / duplicate / error…), when it changes. */
  fileStatus?: FileStatus;
  /** Fresh cached metadata for the index when the file changed. */
  metadata?: FileMetadata;
  /** Set when the file now lives at another path inside rootPath (rename, duplicate move, CBR→CBZ). */
  newRelPath?: string;
  /**
   * Set whenever the file moved: its new absolute path. When `newRelPath` is absent the file
   * left the item's root (duplicates folder outside it): the engine maps it to another root or
   * drops the row from the index.
   */
  newAbsPath?: string;
  /**
   * The file's `dev:ino` after a write: a rebuild or a conversion replaces the inode, and the
   * index must keep matching the disk, or the watcher would take our own write for a change
   * (docs/watcher.md).
   */
  ino?: string;
  /** True when the file on disk was written or moved (in a dry-run: would be). False/absent = untouched. */
  changed?: boolean;
  /** Originals (CBRs after conversion) the main thread must move to the OS trash after committing the item. */
  pendingTrash?: string[];
  /**
   * Rename intents (journal files) of renames this item made. They stay on disk until the
   * engine has committed the item's new path, then the engine deletes them: a crash between
   * the rename and the commit leaves the intent, and recovery reports the rename for the index.
   */
  openIntents?: string[];
  /** Human summary of what was (or, in dry-run, would be) done: "renamed", "tags written"… */
  actions?: string[];
  /** `delete`: the file went to the OS trash; the engine drops its index row. */
  removed?: boolean;
  /** A duplicate: the file holding the name it would get (relative to the item's root). */
  duplicateOf?: string;
}

export type RunOperation = (kind: OperationKind, item: OperationItem, ctx: OperationContext) => Promise<OperationOutcome>;
