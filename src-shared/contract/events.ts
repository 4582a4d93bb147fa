import { z } from 'zod';
import { StatusCountsSchema } from './library.ts';
import { JOB_EVENTS } from './jobs.ts';
import { WATCH_EVENTS } from './watch.ts';
import { ROOT_ADD_EVENTS } from './root-add.ts';

/** Everything main pushes to windows. Consumers never poll; they apply these in `seq` order. */
export const EVENTS = {
  'library.changed': z.object({
    /** Monotonic per process; a window ignores anything not newer than what it has applied. */
    seq: z.number().int(),
    reason: z.enum(['roots', 'scan', 'watcher', 'job']),
    counts: StatusCountsSchema,
  }),
  ...JOB_EVENTS,
  ...WATCH_EVENTS,
  ...ROOT_ADD_EVENTS,
  /** Desktop app: a native menu item asks the window to show a view (Preferences… → settings). */
  'app.showView': z.object({ view: z.enum(['library', 'history', 'settings', 'logs']) }),
} as const satisfies Record<string, z.ZodType>;

export type Events = typeof EVENTS;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(EVENTS, name);
}
