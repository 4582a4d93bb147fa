import type { ReadKind, ReadTasks } from './worker-tasks.ts';

/**
 * The read tasks as a pool thread runs them. Each loads only its own module, on first use: a
 * scan's threads then never load the operations (the settings preview reaches all of them),
 * which on a start without a bundle is type-stripping dozens of files per thread before the
 * first archive is read (docs/architecture.md, the threads rule).
 */
export const READERS: { [K in ReadKind]: (payload: ReadTasks[K]['payload']) => Promise<ReadTasks[K]['result']> } = {
  walk: async (share) => (await import('../library/library-walker.ts')).walkShare(share),
  'read-metadata': async (paths) => (await import('../operations/read-file-metadata.ts')).readMetadataBatch(paths),
  'file-details': async ({ absPath }) => (await import('../operations/read-file-details.ts')).readFileDetails(absPath),
  'file-cover': async ({ absPath }) => (await import('../operations/read-file-details.ts')).readCoverImage(absPath),
  'file-thumbnail': async ({ absPath }) => (await import('../thumbnails/read-thumbnail.ts')).readThumbnail(absPath),
  'settings-preview': async ({ settings, target }) => (await import('../operations/preview-settings.ts')).previewSettings(settings, target),
  'identify-facts': async ({ absPath }) => (await import('../identify/file-facts.ts')).readFileFacts(absPath),
  'image-hash': async (bytes) => (await import('../identify/perceptual-hash.ts')).perceptualHash(bytes),
};
