import { readMetadataBatch } from '../operations/read-file-metadata.ts';
import { readCoverImage, readFileDetails } from '../operations/read-file-details.ts';
import { previewSettings } from '../operations/preview-settings.ts';
import { readFileFacts } from '../identify/file-facts.ts';
import { perceptualHash } from '../identify/perceptual-hash.ts';
import { walkShare } from '../library/library-walker.ts';
import { readThumbnail } from '../thumbnails/read-thumbnail.ts';
import type { ReadKind, ReadTasks } from './worker-tasks.ts';

/** The read tasks as a pool thread runs them (loaded there on first use). */
export const READERS: { [K in ReadKind]: (payload: ReadTasks[K]['payload']) => Promise<ReadTasks[K]['result']> } = {
  walk: async (share) => walkShare(share),
  'read-metadata': async (paths) => readMetadataBatch(paths),
  'file-details': ({ absPath }) => readFileDetails(absPath),
  'file-cover': ({ absPath }) => readCoverImage(absPath),
  'file-thumbnail': ({ absPath }) => readThumbnail(absPath),
  'settings-preview': ({ settings, target }) => previewSettings(settings, target),
  'identify-facts': ({ absPath }) => readFileFacts(absPath),
  'image-hash': async (bytes) => perceptualHash(bytes),
};
