import { z } from 'zod';

/**
 * Adding a library folder by typed path (docs/ui.md "Adding a folder"): the window first asks
 * `library.roots.check`, shows the resolved folder and how many archives it holds, and adds it
 * only once the person confirms. While the first scan runs, `library.scanProgress` reports it.
 */

/** A folder the user typed, resolved (symlinks followed) and checked as `library.roots.add` would. */
export const RootCheckSchema = z.object({
  /** The real path that would be added. */
  path: z.string(),
  /** Comic archives found under it (counted up to ROOT_CHECK_LIMIT entries, then `complete` is false). */
  archives: z.number().int(),
  complete: z.boolean(),
});
export type RootCheck = z.infer<typeof RootCheckSchema>;

/** Directory entries a check looks at before it stops counting: it must stay cheap on a huge share. */
export const ROOT_CHECK_LIMIT = 20_000;

export const ScanProgressSchema = z.object({
  /** The folder being scanned. */
  path: z.string(),
  /** `listing`: walking the folders (total unknown); `reading`: reading new or changed archives. */
  phase: z.enum(['listing', 'reading']),
  done: z.number().int(),
  total: z.number().int(),
});
export type ScanProgressEvent = z.infer<typeof ScanProgressSchema>;

export const ROOT_ADD_COMMANDS = {
  'library.roots.check': { input: z.object({ path: z.string().min(1).max(4096) }).strict(), output: RootCheckSchema },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const ROOT_ADD_EVENTS = {
  /** A scan's progress, at most a few per second; none for a scan job (it reports as a job). */
  'library.scanProgress': ScanProgressSchema,
} as const satisfies Record<string, z.ZodType>;
