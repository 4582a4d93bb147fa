import { z } from 'zod';
import { ComicInfoValuesSchema } from './comicinfo.ts';

/**
 * Repairing a malformed ComicInfo.xml (docs/ui.md "Repairing ComicInfo.xml"). The details of a
 * file whose XML does not parse carry its raw text and the parse error; the window edits the
 * text, asks main to check it (`comicinfo.check`), then writes it with an `edit` job whose
 * `replaceComicInfo` stands in for the file's own XML — the one journaled, undoable write path.
 */

/** Largest ComicInfo.xml Longbox reads or writes (the core refuses bigger ones). */
export const MAX_COMICINFO_CHARS = 1024 * 1024;

/** Why a ComicInfo.xml text is refused; line and column (1-based) when the parser knows them. */
export const ComicInfoProblemSchema = z.object({
  code: z.enum(['COMICINFO_INVALID_XML', 'COMICINFO_FORBIDDEN_DTD', 'COMICINFO_TOO_LARGE']),
  message: z.string(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
});
export type ComicInfoProblem = z.infer<typeof ComicInfoProblemSchema>;

/**
 * A file's ComicInfo.xml that does not parse: its text as read, why, and what the file name
 * says (series, number, volume, year) for "replace with the values from the file name".
 */
export const MalformedComicInfoSchema = z.object({ xml: z.string(), problem: ComicInfoProblemSchema, fromFileName: ComicInfoValuesSchema });
export type MalformedComicInfo = z.infer<typeof MalformedComicInfoSchema>;

/** The document "replace with the values from the file name" starts from. */
export const EMPTY_COMICINFO = '<?xml version="1.0" encoding="utf-8"?>\n<ComicInfo>\n</ComicInfo>\n';

/** The text an `edit` job may put in place of the file's own ComicInfo.xml. */
export const ReplaceComicInfoSchema = z.string().min(1).max(MAX_COMICINFO_CHARS);

export const COMICINFO_REPAIR_COMMANDS = {
  /** Would this text be accepted as ComicInfo.xml? `problem` null when it would. */
  'comicinfo.check': {
    input: z.object({ xml: ReplaceComicInfoSchema }).strict(),
    output: z.object({ problem: ComicInfoProblemSchema.nullable() }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
