import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { relPathOf } from '../core/library/library-paths.ts';
import type { EventName } from '../../src-shared/contract/events.ts';
import type { JobScope, JobSnapshot, JobSpec } from '../../src-shared/contract/jobs.ts';
import { printResult, reportJobEnd } from './cli-job-report.ts';
import { EXIT, UsageError, type CliOutput } from './cli-output.ts';
import { createProgressPrinter } from './cli-progress.ts';
import type { HeadlessHost } from './headless-host.ts';

const OPERATIONS = ['process', 'rename', 'normalize'] as const;

/**
 * A job's progress lines (one updating line in a terminal), then its result line: what `run`,
 * `jobs resume` and `watch` print for each job.
 */
export function jobPrinter(out: CliOutput) {
  const progress = createProgressPrinter(out);
  return {
    progress,
    result(s: JobSnapshot): void {
      progress(s);
      printResult(out, s);
    },
  };
}

/** Prints a job's progress until it ends; the exit code follows SPEC §6 (1 if any item failed). */
export async function followJob(host: HeadlessHost, out: CliOutput, job: JobSnapshot): Promise<number> {
  const printer = jobPrinter(out);
  const off = host.core.subscribe((event: EventName, payload: unknown) => {
    if (event === 'job.updated' && (payload as JobSnapshot).id === job.id) printer.progress(payload as JobSnapshot);
  });
  try {
    const final = await host.core.jobs.waitFor(job.id);
    printer.progress(final);
    return reportJobEnd(host, out, final) ? EXIT.ok : EXIT.failed;
  } finally {
    off();
  }
}

export interface RunRequest {
  kind: (typeof OPERATIONS)[number];
  library: string;
  files: string[];
  scope: 'all' | 'unprocessed' | 'selected';
  dryRun: boolean;
}

/** `run`'s arguments, checked before anything touches the disk (a typo creates nothing). */
export function parseRunArgs(positionals: string[], values: Record<string, unknown>): RunRequest {
  const kind = positionals[0] as (typeof OPERATIONS)[number];
  // `--files a b c`: parseArgs keeps the first value as the option, the rest as positionals.
  const extraFiles = values.files ? positionals.slice(1) : [];
  if (!OPERATIONS.includes(kind) || (positionals.length > 1 && !values.files)) {
    throw new UsageError(`run needs one of ${OPERATIONS.join('|')}`);
  }
  const libraries = values.library as string[] | undefined;
  if (libraries?.length !== 1) throw new UsageError('run needs exactly one --library DIR');
  const files = [...((values.files as string[] | undefined) ?? []), ...extraFiles];
  const chosen = [values.all === true, values.unprocessed === true, files.length > 0].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError('choose one of --all, --unprocessed, --files F...');
  const scope = files.length ? 'selected' : values.all ? 'all' : 'unprocessed';
  return { kind, library: resolve(libraries[0]!), files, scope, dryRun: values['dry-run'] === true };
}

/** `longbox run process|rename|normalize (--all|--unprocessed|--files F...) --library DIR [--dry-run]` */
export async function runOperation(
  host: HeadlessHost,
  out: CliOutput,
  request: RunRequest,
  rootFor: (library: string) => Promise<{ id: number; path: string }>,
): Promise<number> {
  const root = await rootFor(request.library);
  let scope: JobScope;
  if (request.scope === 'selected') {
    const lookup = host.core.db.prepare<[number, string], { id: number }>('SELECT id FROM files WHERE root_id = ? AND rel_path = ?');
    const fileIds = await Promise.all(
      request.files.map(async (f) => {
        const abs = await realpath(resolve(f)).catch(() => resolve(f));
        const id = lookup.get(root.id, relPathOf(root.path, abs))?.id;
        if (id === undefined) throw new UsageError(`not a file of the library: ${f}`);
        return id;
      }),
    );
    scope = { type: 'selected', fileIds };
  } else scope = { type: request.scope, rootId: root.id };
  const spec: JobSpec = { kind: request.kind, scope, priority: 0 };
  if (request.dryRun) return printPreview(host, out, spec);
  return followJob(host, out, host.core.jobs.start(spec));
}

async function printPreview(host: HeadlessHost, out: CliOutput, spec: JobSpec): Promise<number> {
  const PAGE = 200;
  for (let offset = 0; ; offset += PAGE) {
    const page = await host.core.jobs.preview(spec, offset, PAGE);
    for (const item of page.items) {
      const target = item.newRelPath && item.newRelPath !== item.relPath ? ` → ${item.newRelPath}` : '';
      const diff = item.diff.map((d) => `\n    ${d.field}: ${d.before ?? '∅'} → ${d.after ?? '∅'}`).join('');
      const problem = item.code ? `  [${item.code}] ${item.message ?? ''}` : '';
      out.line(`${item.state.padEnd(7)} ${item.relPath}${target}${problem}${diff}`, { type: 'preview', ...item });
    }
    if (offset + PAGE >= page.total) {
      out.line(`${page.total} files previewed; nothing was written.`, { type: 'result', previewed: page.total });
      return EXIT.ok;
    }
  }
}
