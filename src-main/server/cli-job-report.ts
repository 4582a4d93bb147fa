import { JOB_OUTCOME_LABELS, type JobSnapshot } from '../../src-shared/contract/jobs.ts';
import { call } from './cli-call.ts';
import type { CliOutput } from './cli-output.ts';
import type { HeadlessHost } from './headless-host.ts';

const FAILED_SHOWN = 1000;

/** The `result` line of a finished job. */
export function printResult(out: CliOutput, s: JobSnapshot): void {
  const said = s.outcome ? JOB_OUTCOME_LABELS[s.outcome] : s.state;
  out.line(`${s.title}: ${said} — ${s.succeeded} succeeded, ${s.skipped} skipped, ${s.failed} failed`, {
    type: 'result',
    jobId: s.id,
    state: s.state,
    outcome: s.outcome,
    succeeded: s.succeeded,
    skipped: s.skipped,
    failed: s.failed,
  });
}

/**
 * The end of a job as `run` and `jobs resume` print it: the result line, then every failed
 * file with its code and the job ID to look it up again (a count alone tells nobody what to fix).
 * Returns whether the job is a clean success.
 */
export async function reportJobEnd(host: HeadlessHost, out: CliOutput, final: JobSnapshot): Promise<boolean> {
  printResult(out, final);
  if (final.failed > 0) {
    const { items } = await call(host.client, 'jobs.items', { jobId: final.id, states: ['failed'], offset: 0, limit: FAILED_SHOWN });
    for (const item of items) {
      out.line(`failed  ${item.relPath}  [${item.error?.code ?? 'INTERNAL'}] ${item.error?.message ?? ''}`, {
        type: 'failed',
        jobId: final.id,
        path: item.relPath,
        code: item.error?.code ?? null,
        message: item.error?.message ?? null,
      });
    }
    const more = final.failed > items.length ? ` (${final.failed - items.length} more not shown)` : '';
    out.line(`Job ${final.id}: ${final.failed} failed${more}. Details: longbox jobs show ${final.id}`);
  }
  await call(host.client, 'jobs.acknowledge', { jobId: final.id });
  return final.state === 'completed' && final.failed === 0;
}
