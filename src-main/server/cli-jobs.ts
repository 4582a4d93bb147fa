import { JOB_OUTCOME_LABELS, type JobSnapshot } from '../../src-shared/contract/jobs.ts';
import { EXIT, UsageError, type CliOutput } from './cli-output.ts';
import type { HeadlessHost } from './headless-host.ts';

function describe(j: JobSnapshot): string {
  const said = j.outcome ? JOB_OUTCOME_LABELS[j.outcome] : j.state;
  return `${j.id}  ${said.padEnd(20)} ${String(j.done).padStart(6)}/${String(j.total).padEnd(6)} ${j.failed ? `${j.failed} failed  ` : ''}${j.title}`;
}

/** `longbox jobs [list | show ID | cancel ID | resume]` */
export async function runJobs(host: HeadlessHost, out: CliOutput, positionals: string[]): Promise<number> {
  const [verb = 'list', id, ...rest] = positionals;
  const jobs = host.core.jobs;
  if (rest.length) throw new UsageError('too many arguments');
  switch (verb) {
    case 'list': {
      if (id) throw new UsageError('jobs list takes no argument');
      for (const j of jobs.list(undefined, 0, 100).jobs) out.line(describe(j), { type: 'job', ...j });
      return EXIT.ok;
    }
    case 'show': {
      if (!id) throw new UsageError('jobs show ID');
      const job = jobs.get(id);
      out.line(describe(job), { type: 'job', ...job });
      for (const item of jobs.items(id, ['failed'], 0, 1000).items) {
        out.line(`  failed ${item.relPath}: [${item.error?.code}] ${item.error?.message ?? ''}`, { type: 'item', ...item });
      }
      return EXIT.ok;
    }
    case 'cancel': {
      if (!id) throw new UsageError('jobs cancel ID');
      const job = jobs.cancel(id);
      out.line(job.state === 'cancelled' ? `cancelled ${id}` : `cancel requested for ${id}`, { type: 'job', ...job });
      return EXIT.ok;
    }
    case 'resume': {
      if (id) throw new UsageError('jobs resume takes no argument');
      // Runs every interrupted or queued job to its end (jobs another live process runs are left alone).
      const seen = new Set<string>();
      const off = host.core.subscribe((event, payload) => {
        const j = payload as JobSnapshot;
        if (event !== 'job.updated' || seen.has(j.id) || j.state !== 'running') return;
        seen.add(j.id);
        out.line(`resuming ${describe(j)}`, { type: 'resumed', jobId: j.id });
      });
      jobs.resumeAll();
      await jobs.idle();
      off();
      let failed = false;
      for (const jobId of seen) {
        const j = jobs.get(jobId);
        failed ||= j.state !== 'completed' || j.failed > 0;
        out.line(describe(j), { type: 'result', jobId: j.id, state: j.state, outcome: j.outcome, succeeded: j.succeeded, skipped: j.skipped, failed: j.failed });
      }
      return failed ? EXIT.failed : EXIT.ok;
    }
    default:
      throw new UsageError(`unknown jobs command "${verb}"`);
  }
}
