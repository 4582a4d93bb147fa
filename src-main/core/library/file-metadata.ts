/** What the index caches from an archive: read once per new or changed file. */
export interface FileMetadata {
  series: string | null;
  number: string | null;
  volume: string | null;
  title: string | null;
  year: number | null;
  publisher: string | null;
  pageCount: number | null;
}

/** Reads an archive's metadata; runs off the main thread in the app. Throws LongboxError. */
export type MetadataReader = (absPath: string) => Promise<FileMetadata>;
