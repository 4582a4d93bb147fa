import { z } from 'zod';

/**
 * What a host (the app, `serve`, `watch`, the CLI) asks of the job engine beyond a window's
 * commands: run the jobs an earlier process left behind, and know when this process has
 * nothing left to run. Through the contract like everything else, so a host holds only the
 * typed client (docs/architecture.md, "One bridge").
 */
export const JOB_HOSTING_COMMANDS = {
  /** Runs every queued and interrupted job, now and whenever a slot frees up; returns at once. */
  'jobs.resumeAll': { input: z.object({}).strict().default({}), output: z.null() },
  /**
   * Resolves once this process runs no job and has none left it may run (the jobs it created
   * or resumed; all of them after `jobs.resumeAll`). Jobs another live process runs are not waited for.
   */
  'jobs.idle': { input: z.object({}).strict().default({}), output: z.null() },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
