import { JOB_OUTCOME_LABELS } from '../../../src-shared/contract/jobs.ts';
import type { Logger } from '../ports.ts';
import type { ItemResult, JobRow } from './job-repo.ts';

/**
 * What the log keeps about jobs for a user reading it later (the log view, `logs/`): when each
 * job started and how it ended, and every failed file with its error code.
 */
export function logJobStarted(logger: Logger, row: JobRow): void {
  logger.info({ jobId: row.id, kind: row.kind, total: row.total, attempt: row.attempts }, `job started: ${row.title}`);
}

export function logJobEnded(logger: Logger, row: JobRow, outcome: keyof typeof JOB_OUTCOME_LABELS | null): void {
  const counts = { succeeded: row.succeeded, skipped: row.skipped, failed: row.failed };
  const said = outcome ? JOB_OUTCOME_LABELS[outcome] : row.state;
  const line = `job ${said}: ${row.title} — ${row.succeeded} succeeded, ${row.skipped} skipped, ${row.failed} failed`;
  const fields = { jobId: row.id, kind: row.kind, state: row.state, outcome, ...counts };
  if (outcome === 'succeeded' || outcome === 'cancelled') logger.info(fields, line);
  else if (outcome === 'failed') logger.error({ ...fields, code: row.last_error_code, reason: row.last_error_message }, line);
  else logger.warn(fields, line);
}

export function logItemFailed(logger: Logger, jobId: string, result: ItemResult): void {
  logger.warn(
    { jobId, file: result.relPath, code: result.error?.code ?? 'INTERNAL' },
    `${result.relPath}: ${result.error?.code ?? 'INTERNAL'} — ${result.error?.message ?? ''}`,
  );
}
