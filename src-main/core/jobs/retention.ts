import { pruneUndoRecords } from '../operations/undo-record.ts';
import type { Logger } from '../ports.ts';
import type { JobStore, SettingsSource } from './engine-ports.ts';

const DAY_MS = 86_400_000;
const RETENTION_INTERVAL_MS = 3_600_000;

/**
 * Prunes finished jobs (their items go with them: ON DELETE CASCADE, foreign keys are on) older
 * than `retentionDays`. Runs at start and on a timer — never lazily on the next completion,
 * which lets history pile up while nothing finishes (BullMQ #1353).
 */
export function startRetention(deps: {
  store: JobStore;
  settings: SettingsSource;
  now: () => number;
  logger: Logger;
  /** Where the undo records of jobs live; those of pruned jobs go with them. */
  journalDir?: string;
}): { stop(): void } {
  const run = () => {
    try {
      const cutoff = deps.now() - deps.settings.get().retentionDays * DAY_MS;
      const pruned = deps.store.pruneFinishedBefore(cutoff);
      if (pruned) deps.logger.info({ pruned }, 'pruned finished jobs past retention');
      if (deps.journalDir) {
        pruneUndoRecords(deps.journalDir, (id) => deps.store.find(id) !== undefined).catch((error: unknown) =>
          deps.logger.warn({ err: error }, 'could not prune undo records; will retry'),
        );
      }
    } catch (error) {
      deps.logger.warn({ err: error }, 'job retention failed; will retry');
    }
  };
  run();
  const timer = setInterval(run, RETENTION_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
