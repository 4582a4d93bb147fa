import { join } from 'node:path';
import { isTerminal } from '../../src-shared/contract/job-policies.ts';
import type { Root } from '../../src-shared/contract/library.ts';
import type { JobSnapshot } from '../../src-shared/contract/jobs.ts';
import { AutoProcessSchema, type AutoProcess } from '../../src-shared/contract/settings.ts';
import type { WatchActivity } from '../core/watch/watch-service.ts';
import { call } from './cli-call.ts';
import { EXIT, UsageError, type CliOutput } from './cli-output.ts';
import { jobPrinter } from './cli-run.ts';
import type { HeadlessHost } from './headless-host.ts';
import { untilStopSignal } from './stop-signal.ts';

/** `--auto`, checked before anything is created on disk. */
export function parseAutoOption(value: unknown): AutoProcess | undefined {
  if (value === undefined) return undefined;
  const auto = AutoProcessSchema.safeParse(value);
  if (!auto.success) throw new UsageError(`--auto must be off, normalize or process, got ${String(value)}`);
  return auto.data;
}

/**
 * `longbox watch --library DIR [--auto off|normalize|process]`: the watcher in the foreground
 * (docs/watcher.md). Scans and catches up every library folder of the data folder, prints
 * `ready`, then one line per file change it made the index follow and the progress and result
 * lines of the auto-process jobs it starts, until SIGINT or SIGTERM.
 */
export async function runWatch(
  host: HeadlessHost,
  out: CliOutput,
  libraries: string[],
  auto: AutoProcess | undefined,
  rootFor: (library: string) => Promise<unknown>,
  listRoots: () => Promise<Root[]>,
): Promise<number> {
  // Wait for a signal from the start: one arriving during the first scan still exits cleanly.
  const stopped = untilStopSignal();
  for (const library of libraries) await rootFor(library);

  const printers = new Map<string, ReturnType<typeof jobPrinter>>();
  const onJob = (job: JobSnapshot) => {
    const printer = printers.get(job.id);
    if (!printer) return;
    if (!isTerminal(job.state)) return printer.progress(job);
    printers.delete(job.id);
    printer.result(job);
    // Shown here, so the app does not announce it again; a failure to record that is only logged.
    void host.client.invoke('jobs.acknowledge', { jobId: job.id }).then((result) => {
      if (!result.ok) host.logger.warn({ jobId: job.id, error: result.error }, 'watch: could not acknowledge a job');
    });
  };
  const offEvents = host.client.on('job.updated', onJob);
  const rootPaths = new Map((await listRoots()).map((root) => [root.id, root.path]));
  const offActivity = host.core.watch.onActivity((activity: WatchActivity) => {
    if (activity.type === 'job') {
      printers.set(activity.job.id, jobPrinter(out));
      return onJob(activity.job);
    }
    const { change, relPath, fileId, from, rootId } = activity.change;
    const root = rootPaths.get(rootId)!;
    out.line(`${change.padEnd(7)} ${from ? `${from} → ` : ''}${relPath}`, {
      type: 'file',
      event: change,
      path: join(root, ...relPath.split('/')),
      fileId,
      ...(from ? { from: join(root, ...from.split('/')) } : {}),
    });
  });
  try {
    // Like `serve`: a long-lived host finishes the jobs an earlier run left behind.
    await call(host.client, 'jobs.resumeAll');
    await Promise.race([host.core.watch.start({ always: true, ...(auto ? { autoProcess: auto } : {}) }), stopped]);
    const roots = await listRoots();
    const files = roots.reduce((sum, root) => sum + root.fileCount, 0);
    out.line(`Watching ${files} files in ${roots.length} folder(s). Press Ctrl+C to stop.`, { type: 'ready', files });
    await stopped;
    return EXIT.ok;
  } finally {
    offActivity();
    offEvents();
  }
}
