import { z } from 'zod';
import { COMICINFO_FIELDS, type ComicInfoPatch, type ComicInfoValues } from './comicinfo-fields.ts';

/** The vocabulary (comicinfo-fields.ts) and its schemas, for the contract's commands. */
export { COMICINFO_FIELDS, type ComicInfoField, type ComicInfoPatch, type ComicInfoValues } from './comicinfo-fields.ts';

export const ComicInfoFieldSchema = z.enum(COMICINFO_FIELDS);

/** A sparse set of field values; a missing key means "element absent". */
export const ComicInfoValuesSchema: z.ZodType<ComicInfoValues> = z.partialRecord(ComicInfoFieldSchema, z.string());

/** A patch: a string sets the element, null removes it, a missing key leaves it alone. */
export const ComicInfoPatchSchema: z.ZodType<ComicInfoPatch> = z.partialRecord(ComicInfoFieldSchema, z.string().nullable());
