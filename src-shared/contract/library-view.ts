import { z } from 'zod';
import { FilterSchema } from './library.ts';

/** The files a filter and search match, as the library view shows them (no paging, no sort). */
const MatchingSchema = z.object({
  filter: FilterSchema.default('all'),
  search: z.string().max(500).default(''),
  rootId: z.number().int().nullable().default(null),
});

/** One folder of the grouped library view: its rows are contiguous in a grouped query. */
export const FolderGroupSchema = z.object({ rootId: z.number().int(), folder: z.string(), count: z.number().int() });
export type FolderGroup = z.infer<typeof FolderGroupSchema>;

export const LIBRARY_VIEW_COMMANDS = {
  /** Folder groups of the matching files, in the order a `groupByFolder` query lists them. */
  'library.groups': { input: MatchingSchema.strict(), output: z.array(FolderGroupSchema) },
  /**
   * Ids of every matching file (optionally of one folder): "select all matching", "select this
   * folder" and the "current filter" scope resolve through it, so hidden rows are never guessed.
   */
  'library.ids': {
    input: MatchingSchema.extend({
      folder: z.object({ rootId: z.number().int(), folder: z.string() }).strict().nullable().default(null),
    }).strict(),
    output: z.array(z.number().int()),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
