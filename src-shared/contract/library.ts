import { z } from 'zod';

export const FILE_STATUSES = ['unprocessed', 'processed', 'duplicate', 'error'] as const;
export const FileStatusSchema = z.enum(FILE_STATUSES);
export type FileStatus = z.infer<typeof FileStatusSchema>;

/**
 * How a folder is watched: `auto` uses file-system events on local disks and polls network
 * shares (SMB/NFS), `events` and `poll` force one or the other.
 */
export const WATCH_MODES = ['auto', 'events', 'poll'] as const;
export const WatchModeSchema = z.enum(WATCH_MODES);
export type WatchMode = z.infer<typeof WatchModeSchema>;

export const RootSchema = z.object({
  id: z.number().int(),
  path: z.string(),
  online: z.boolean(),
  lastScanAt: z.number().nullable(),
  fileCount: z.number().int(),
  watchMode: WatchModeSchema,
  /** Minutes between rescans when the folder is polled. */
  pollMinutes: z.number().int(),
});
export type Root = z.infer<typeof RootSchema>;

export const LibraryFileSchema = z.object({
  id: z.number().int(),
  rootId: z.number().int(),
  relPath: z.string(),
  folder: z.string(),
  name: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
  series: z.string().nullable(),
  number: z.string().nullable(),
  volume: z.string().nullable(),
  title: z.string().nullable(),
  year: z.number().nullable(),
  publisher: z.string().nullable(),
  pageCount: z.number().nullable(),
  status: FileStatusSchema,
  error: z.string().nullable(),
});
export type LibraryFile = z.infer<typeof LibraryFileSchema>;

export const FilterSchema = z.enum(['all', 'unprocessed', 'processed', 'duplicate', 'error']);
export type Filter = z.infer<typeof FilterSchema>;
export const SortSchema = z.enum(['name', 'series', 'modified', 'size']);
export type Sort = z.infer<typeof SortSchema>;

export const LibraryQuerySchema = z.object({
  filter: FilterSchema.default('all'),
  search: z.string().max(500).default(''),
  sort: SortSchema.default('name'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  /** Group rows by folder first (the library view's folder groups). */
  groupByFolder: z.boolean().default(false),
  rootId: z.number().int().nullable().default(null),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type LibraryQuery = z.input<typeof LibraryQuerySchema>;

export const LibraryPageSchema = z.object({
  /** Files the query matches; with `totalExact` false, at least this many (a search counted up to a cap). */
  total: z.number().int(),
  totalExact: z.boolean(),
  offset: z.number().int(),
  files: z.array(LibraryFileSchema),
});
export type LibraryPage = z.infer<typeof LibraryPageSchema>;

export const StatusCountsSchema = z.object({
  all: z.number().int(),
  unprocessed: z.number().int(),
  processed: z.number().int(),
  duplicate: z.number().int(),
  error: z.number().int(),
});
export type StatusCounts = z.infer<typeof StatusCountsSchema>;

/** Counts per status under a search; those in `lowerBounds` were counted up to a cap ("1,000+"). */
export const SearchCountsSchema = StatusCountsSchema.extend({ lowerBounds: z.array(FilterSchema) });
export type SearchCounts = z.infer<typeof SearchCountsSchema>;

export const ScanResultSchema = z.object({
  files: z.number().int(),
  added: z.number().int(),
  changed: z.number().int(),
  removed: z.number().int(),
  failed: z.number().int(),
  offlineRoots: z.array(z.string()),
});
export type ScanResult = z.infer<typeof ScanResultSchema>;
