import { z } from 'zod';
import { RootSchema, WatchModeSchema } from './library.ts';

/**
 * The live watcher (docs/watcher.md): each library folder's live state is pushed as
 * `watch.state` events; its watch mode (`RootSchema.watchMode`) is set here.
 */
export const WATCH_STATES = ['watching', 'polling', 'catching-up', 'failed', 'off'] as const;
export const WatchStateNameSchema = z.enum(WATCH_STATES);

export const RootWatchStateSchema = z.object({
  rootId: z.number().int(),
  state: WatchStateNameSchema,
  /** How changes are noticed right now: file-system events or periodic rescans. */
  via: z.enum(['events', 'poll']),
  /** The folder is on a network share (so `auto` polls it). */
  network: z.boolean(),
  /** Files seen changing that wait for their stability window. */
  pending: z.number().int(),
  /** Why it is catching up (start, lost events, a poll) or failed; null while simply watching. */
  reason: z.string().nullable(),
  /** Monotonic per process; a window applies only newer states of a folder. */
  seq: z.number().int(),
});
export type RootWatchState = z.infer<typeof RootWatchStateSchema>;

export const WATCH_COMMANDS = {
  /** The watcher's current state of every library folder (none while nothing watches). */
  'library.watch.states': { input: z.object({}).strict().default({}), output: z.array(RootWatchStateSchema) },
  /** Sets a folder's watch mode and poll interval; its watcher restarts with them. */
  'library.roots.watchMode': {
    input: z
      .object({
        rootId: z.number().int(),
        watchMode: WatchModeSchema,
        pollMinutes: z.number().int().min(1).max(1440).optional(),
      })
      .strict(),
    output: RootSchema,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const WATCH_EVENTS = {
  'watch.state': RootWatchStateSchema,
} as const satisfies Record<string, z.ZodType>;
