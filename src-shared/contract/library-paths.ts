import { z } from 'zod';

/**
 * Paths a user typed (the CLI's `--files F...`) turned into the file ids every other command
 * takes. Resolved in main: symlinks followed, then confined to the library folder — a path
 * that leads out of it, or that the index does not know, resolves to null.
 */
export const ResolvedPathSchema = z.object({ path: z.string(), fileId: z.number().int().nullable() });
export type ResolvedPath = z.infer<typeof ResolvedPathSchema>;

export const LIBRARY_PATH_COMMANDS = {
  /**
   * Each path, absolute or relative to the library folder `rootId` (never to the process's
   * working directory), as the id of the indexed file it names; in the order given.
   */
  'library.resolvePaths': {
    input: z
      .object({
        rootId: z.number().int(),
        paths: z.array(z.string().min(1).max(4096)).min(1).max(100_000),
      })
      .strict(),
    output: z.array(ResolvedPathSchema),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
