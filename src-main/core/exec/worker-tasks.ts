import type { FileDetails, Cover } from '../../../src-shared/contract/files.ts';
import type { Settings } from '../../../src-shared/contract/settings.ts';
import type { SettingsPreview } from '../../../src-shared/contract/settings-preview.ts';
import type { ReadBatch } from '../library/read-batch.ts';
import type { WalkedFiles, WalkShare } from '../library/library-walker.ts';
import type { OperationItem, OperationKind, OperationOutcome } from '../operations/operation-types.ts';
import type { PreviewTarget } from '../operations/preview-settings.ts';
import type { FileFacts } from '../identify/file-facts.ts';

/**
 * Everything the pool's threads can run, by name: the per-file operations of jobs, and the
 * reads the main thread must never do itself (CBR decoding is synchronous WASM; a large
 * central directory is megabytes of parsing). Types only: the main thread imports no
 * worker-side code through this file.
 */
export interface ReadTasks {
  /** A share of a root's tree for a scan, walked (and stat'ed, unless `listOnly`) with synchronous calls. */
  walk: { payload: WalkShare; result: WalkedFiles };
  /** A batch of archives for a scan: one message carries many paths (docs/architecture.md). */
  'read-metadata': { payload: string[]; result: ReadBatch };
  'file-details': { payload: { absPath: string }; result: Omit<FileDetails, 'file' | 'duplicateOf'> };
  'file-cover': { payload: { absPath: string }; result: Cover | null };
  /** The cover downscaled to a small JPEG (thumbnails/, cached on disk by the main thread). */
  'file-thumbnail': { payload: { absPath: string }; result: Uint8Array | null };
  'settings-preview': { payload: { settings: Settings; target: PreviewTarget | null }; result: SettingsPreview };
  /** Identification: ComicInfo, search terms, page count and the cover's perceptual hash (docs/identify.md). */
  'identify-facts': { payload: { absPath: string }; result: FileFacts };
  /** A candidate's cover image → perceptual hash (null: not a PNG/JPEG we can decode). */
  'image-hash': { payload: Uint8Array; result: string | null };
}

export type ReadKind = keyof ReadTasks;
export type TaskKind = OperationKind | ReadKind;

export interface OperationTask {
  payload: OperationItem;
  result: OperationOutcome;
}

export function isReadKind(kind: TaskKind): kind is ReadKind {
  return (
    kind === 'walk' ||
    kind === 'read-metadata' ||
    kind === 'file-details' ||
    kind === 'file-cover' ||
    kind === 'file-thumbnail' ||
    kind === 'settings-preview' ||
    kind === 'identify-facts' ||
    kind === 'image-hash'
  );
}
