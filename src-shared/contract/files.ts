import { z } from 'zod';
import { ComicInfoValuesSchema } from './comicinfo.ts';
import { MalformedComicInfoSchema } from './comicinfo-repair.ts';
import { LibraryFileSchema } from './library.ts';

/**
 * One file of the library, for the details panel. Files are named by their index id only: the
 * core resolves the path from the index, so a window can never make it read an arbitrary path.
 */
const FileRef = z.object({ fileId: z.number().int() }).strict();

export const FileDetailsSchema = z.object({
  file: LibraryFileSchema,
  /** The archive's ComicInfo.xml values; null when it has none or it does not parse. */
  comicInfo: ComicInfoValuesSchema.nullable(),
  /** A ComicInfo.xml that does not parse, to repair (comicinfo-repair.ts); else null. */
  malformedComicInfo: MalformedComicInfoSchema.nullable(),
  pageCount: z.number().int(),
  /** From the content, not the extension; a CBR is only writable with CBR conversion on. */
  format: z.enum(['cbz', 'cbr']),
  /** A duplicate: the id of the file it collides with (null when unknown or not a duplicate). */
  duplicateOf: z.number().int().nullable(),
});
export type FileDetails = z.infer<typeof FileDetailsSchema>;

/** Largest cover sent to a window; bigger first pages get no thumbnail (null) rather than megabytes of base64. */
export const MAX_COVER_BYTES = 2 * 1024 * 1024;

export const CoverSchema = z.object({ mime: z.string(), dataBase64: z.string() });
export type Cover = z.infer<typeof CoverSchema>;

export const FILE_COMMANDS = {
  'library.file.get': { input: FileRef, output: FileDetailsSchema },
  /** The first page in natural order; null when the archive has no page or it exceeds MAX_COVER_BYTES. */
  'library.file.cover': { input: FileRef, output: CoverSchema.nullable() },
  /** The cover downscaled (JPEG, cached on disk per file version); null when the page cannot be decoded. */
  'library.file.thumbnail': { input: FileRef, output: CoverSchema.nullable() },
  /** Shows the file selected in the OS file manager. Desktop app only: UNAVAILABLE_IN_HOST elsewhere. */
  'library.file.reveal': { input: FileRef, output: z.null() },
  /** "Not a duplicate": clears a duplicate's mark (status back to unprocessed). */
  'library.file.clearDuplicate': { input: FileRef, output: z.null() },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
