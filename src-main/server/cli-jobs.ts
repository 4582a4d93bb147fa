import { z } from 'zod';
import { LongboxError } from '../../src-shared/contract/errors.ts';
import { JOB_OUTCOME_LABELS, type JobSnapshot } from '../../src-shared/contract/jobs.ts';
import { call } from './cli-call.ts';
import { reportJobEnd } from './cli-job-report.ts';
import { EXIT, UsageError, type CliOutput } from './cli-output.ts';
import { createProgressPrinter } from './cli-progress.ts';
import type { HeadlessHost } from './headless-host.ts';

function describe(j: JobSnapshot): string {
  const said = j.outcome ? JOB_OUTCOME_LABELS[j.outcome] : j.state;
  return `${j.id}  ${said.padEnd(20)} ${String(j.done).padStart(6)}/${String(j.total).padEnd(6)} ${j.failed ? `${j.failed} failed  ` : ''}${j.title}`;
}

const JOB_ID = z.string().uuid();

const NEEDS_ID: Record<string, boolean> = { list: false, show: true, cancel: true, resume: false };

/** `jobs`' arguments, checked before anything touches the disk. */
export function parseJobsArgs(positionals: string[]): { verb: string; id: string | undefined } {
  const [verb = 'list', id, ...rest] = positionals;
  if (!Object.hasOwn(NEEDS_ID, verb)) throw new UsageError(`unknown jobs command "${verb}"`);
  if (rest.length) throw new UsageError('too many arguments');
  if (NEEDS_ID[verb] && !id) throw new UsageError(`jobs ${verb} ID`);
  if (!NEEDS_ID[verb] && id) throw new UsageError(`jobs ${verb} takes no argument`);
  return { verb, id };
}

/** `longbox jobs [list | show ID | cancel ID | resume]` */
export async function runJobs(host: HeadlessHost, out: CliOutput, positionals: string[]): Promise<number> {
  const { verb, id } = parseJobsArgs(positionals);
  const { client } = host;
  // Job IDs are UUIDs; anything else names no job (said as the engine says it, exit 1).
  if (id !== undefined && !JOB_ID.safeParse(id).success) throw new LongboxError('JOB_NOT_FOUND', `No job with id ${id}.`);
  switch (verb) {
    case 'list': {
      for (const j of (await call(client, 'jobs.list', { offset: 0, limit: 100 })).jobs) out.line(describe(j), { type: 'job', ...j });
      return EXIT.ok;
    }
    case 'show': {
      const job = await call(client, 'jobs.get', { jobId: id! });
      out.line(describe(job), { type: 'job', ...job });
      for (const item of (await call(client, 'jobs.items', { jobId: id!, states: ['failed'], offset: 0, limit: 1000 })).items) {
        out.line(`  failed ${item.relPath}: [${item.error?.code}] ${item.error?.message ?? ''}`, { type: 'item', ...item });
      }
      return EXIT.ok;
    }
    case 'cancel': {
      const job = await call(client, 'jobs.cancel', { jobId: id! });
      out.line(job.state === 'cancelled' ? `cancelled ${id}` : `cancel requested for ${id}`, { type: 'job', ...job });
      return EXIT.ok;
    }
    case 'resume': {
      // Runs every interrupted or queued job to its end (jobs another live process runs are left
      // alone), printing the same progress lines as `run` while it works.
      const seen = new Set<string>();
      const print = createProgressPrinter(out);
      const off = client.on('job.updated', (j) => {
        if (!seen.has(j.id)) {
          if (j.state !== 'running') return;
          seen.add(j.id);
          out.line(`resuming ${describe(j)}`, { type: 'resumed', jobId: j.id });
        }
        print(j);
      });
      await call(client, 'jobs.resumeAll');
      await call(client, 'jobs.idle');
      off();
      if (seen.size === 0) {
        out.line('Nothing to resume: no interrupted or queued jobs.', { type: 'result', resumed: 0 });
        return EXIT.ok;
      }
      let clean = true;
      for (const jobId of seen) clean = (await reportJobEnd(host, out, await call(client, 'jobs.get', { jobId }))) && clean;
      return clean ? EXIT.ok : EXIT.failed;
    }
    default:
      throw new UsageError(`unknown jobs command "${verb}"`);
  }
}
