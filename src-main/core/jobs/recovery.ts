import type { RecoveredItem } from '../operations/recover-intents.ts';
import type { Logger } from '../ports.ts';
import type { JobIndex, JobStore } from './engine-ports.ts';
import { applyRecoveredRenames, refreshInFlightFiles } from './in-flight-files.ts';
import type { JobRow } from './job-repo.ts';

/** A job that crashed the process this many times is failed instead of resumed (poison pill). */
export const MAX_INTERRUPTIONS = 3;

export interface RecoveryDeps {
  store: JobStore;
  index: JobIndex;
  logger: Logger;
  now: () => number;
  /** Whether the runner holding a `running` row may still be alive (this or another process). */
  runnerAlive: (row: JobRow) => boolean;
  /** The operations' crash reconciliation (archive journals, rename intents), run first. */
  reconcileFiles: () => Promise<RecoveredItem[]>;
  maxInterruptions?: number;
}

/**
 * Runs on every start (app, serve, CLI) before any job runs. Files first: an item that was in
 * flight at the crash is settled on disk (old or new archive, renamed or not) and the index
 * follows; only then is the job's `dispatched` cursor cleared, so resuming runs it again exactly
 * once against the true state of the file. Jobs whose runner is alive elsewhere are left alone.
 */
export async function recoverJobs(deps: RecoveryDeps): Promise<{ interrupted: JobRow[]; ended: JobRow[] }> {
  applyRecoveredRenames(deps.index, await deps.reconcileFiles());
  const dead = deps.store.running().filter((r) => !deps.runnerAlive(r));
  await refreshInFlightFiles(deps.index, dead.map((r) => r.id));
  const result = deps.store.recoverInterrupted(deps.runnerAlive, deps.maxInterruptions ?? MAX_INTERRUPTIONS, deps.now());
  for (const row of result.interrupted) {
    deps.logger.warn({ jobId: row.id, interruptions: row.interruptions }, 'job was interrupted; it will resume');
  }
  for (const row of result.ended) {
    deps.logger.warn({ jobId: row.id, state: row.state, reason: row.last_error_message }, 'interrupted job ended at recovery');
  }
  return result;
}
