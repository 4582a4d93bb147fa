import { resolve } from 'node:path';
import type { JobScope, JobSnapshot, JobSpec, PreviewItem, PreviewTotals } from '../../src-shared/contract/jobs.ts';
import { waitForJob } from '../../src-shared/contract/wait-for-job.ts';
import { call } from './cli-call.ts';
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

/** Prints a job's progress until it ends; the exit code follows docs/behaviour.md §6 (1 if any item failed). */
export async function followJob(host: HeadlessHost, out: CliOutput, job: JobSnapshot): Promise<number> {
  const printer = jobPrinter(out);
  const off = host.client.on('job.updated', (snapshot) => {
    if (snapshot.id === job.id) printer.progress(snapshot);
  });
  try {
    const final = await waitForJob(host.client, job.id);
    printer.progress(final);
    return (await reportJobEnd(host, out, final)) ? EXIT.ok : EXIT.failed;
  } finally {
    off();
  }
}

/**
 * The `--files F...` of a command, as file ids of the library `root` (bad usage when one is not
 * in it). Relative to the user's working directory here; main resolves links and confines them.
 */
export async function fileIdsOf(host: HeadlessHost, root: { id: number }, files: string[]): Promise<number[]> {
  const resolved = await call(host.client, 'library.resolvePaths', { rootId: root.id, paths: files.map((f) => resolve(f)) });
  return resolved.map(({ fileId }, i) => {
    if (fileId === null) throw new UsageError(`not a file of the library: ${files[i]}`);
    return fileId;
  });
}

export interface RunRequest extends ScopeRequest {
  kind: (typeof OPERATIONS)[number];
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
  return { kind, ...parseScopeArgs('run', values, extraFiles), dryRun: values['dry-run'] === true };
}

/** The library and the files of a job command, as given (`parseScopeArgs`). */
export interface ScopeRequest {
  library: string;
  files: string[];
  scope: 'all' | 'unprocessed' | 'selected';
}

/**
 * Exactly one `--library DIR` and one of `--all`, `--unprocessed`, `--files F...`, checked
 * before anything touches the disk; `scopeOf` makes the job scope once the library is known.
 */
export function parseScopeArgs(command: string, values: Record<string, unknown>, extraFiles: string[]): ScopeRequest {
  const libraries = values.library as string[] | undefined;
  if (libraries?.length !== 1) throw new UsageError(`${command} needs exactly one --library DIR`);
  const files = [...((values.files as string[] | undefined) ?? []), ...extraFiles];
  const chosen = [values.all === true, values.unprocessed === true, files.length > 0].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError('choose one of --all, --unprocessed, --files F...');
  const scope = files.length ? 'selected' : values.all ? 'all' : 'unprocessed';
  return { library: resolve(libraries[0]!), files, scope };
}

/** The job scope of a parsed request over the library `root` (files must lie in it). */
export async function scopeOf(host: HeadlessHost, root: { id: number }, request: ScopeRequest): Promise<JobScope> {
  if (request.scope === 'selected') return { type: 'selected', fileIds: await fileIdsOf(host, root, request.files) };
  return { type: request.scope, rootId: root.id };
}

/** `longbox run process|rename|normalize (--all|--unprocessed|--files F...) --library DIR [--dry-run]` */
export async function runOperation(
  host: HeadlessHost,
  out: CliOutput,
  request: RunRequest,
  rootFor: (library: string) => Promise<{ id: number; path: string }>,
): Promise<number> {
  const root = await rootFor(request.library);
  const spec: JobSpec = { kind: request.kind, scope: await scopeOf(host, root, request), priority: 0 };
  if (request.dryRun) return printPreview(host, out, spec);
  return followJob(host, out, await call(host.client, 'jobs.start', spec));
}

const WOULD: Record<keyof PreviewTotals, string> = {
  write: 'would write',
  rename: 'would rename',
  skip: 'would skip',
  fail: 'would fail',
  collide: 'would collide',
};

function previewLine(item: PreviewItem): string {
  const said = item.outcomes.length ? item.outcomes.map((o) => WOULD[o]).join(' + ') : item.actions.join(', ') || 'no change';
  const target = item.newRelPath && item.newRelPath !== item.relPath ? ` → ${item.newRelPath}` : '';
  const diff = item.diff.map((d) => `\n    ${d.field}: ${d.before ?? '∅'} → ${d.after ?? '∅'}`).join('');
  const problem = item.code ? `  [${item.code}] ${item.message ?? ''}` : '';
  return `${said}: ${item.relPath}${target}${problem}${diff}`;
}

/** `--dry-run`: every row, then the totals per outcome; nothing is written. */
/**
 * Every page of a job's preview, in order (the preview session pages with totals; a CLI prints
 * all of it). The last page says so, with the totals of the whole preview.
 */
export async function* previewPages(host: HeadlessHost, spec: JobSpec, pageSize: number) {
  for (let offset = 0; ; offset += pageSize) {
    const page = await call(host.client, 'jobs.preview', { spec, offset, limit: pageSize });
    const last = offset + pageSize >= page.total;
    yield { ...page, last };
    if (last) return;
  }
}

export async function printPreview(host: HeadlessHost, out: CliOutput, spec: JobSpec): Promise<number> {
  for await (const page of previewPages(host, spec, 500)) {
    for (const item of page.items) out.line(previewLine(item), { type: 'preview', ...item });
    if (page.last) {
      const t = page.totals;
      const said = (Object.keys(WOULD) as Array<keyof PreviewTotals>).map((k) => `${t[k]} ${WOULD[k]}`).join(', ');
      out.line(`${page.total} files previewed: ${said}. Nothing was written.`, { type: 'result', previewed: page.total, totals: t });
    }
  }
  return EXIT.ok;
}
