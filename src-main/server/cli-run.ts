import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { relPathOf } from '../core/library/library-paths.ts';
import type { EventName } from '../../src-shared/contract/events.ts';
import type { JobScope, JobSnapshot, JobSpec } from '../../src-shared/contract/jobs.ts';
import { EXIT, UsageError, type CliOutput } from './cli-output.ts';
import type { HeadlessHost } from './headless-host.ts';

const OPERATIONS = ['process', 'rename', 'normalize'] as const;

/** A job's `progress` lines (one per change of its counts), then its `result` line. */
export function jobPrinter(out: CliOutput) {
  let last = '';
  return {
    progress(s: JobSnapshot): void {
      const line = `${s.done}/${s.total}${s.failed ? ` (${s.failed} failed)` : ''}`;
      if (line === last) return;
      last = line;
      out.line(`${s.title}: ${line}`, { type: 'progress', jobId: s.id, done: s.done, total: s.total, failed: s.failed });
    },
    result(s: JobSnapshot): void {
      this.progress(s);
      out.line(`${s.title}: ${s.state} — ${s.succeeded} succeeded, ${s.skipped} skipped, ${s.failed} failed`, {
        type: 'result',
        jobId: s.id,
        state: s.state,
        succeeded: s.succeeded,
        skipped: s.skipped,
        failed: s.failed,
      });
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
    printer.result(final);
    host.core.jobs.acknowledge(final.id);
    return final.state === 'completed' && final.failed === 0 ? EXIT.ok : EXIT.failed;
  } finally {
    off();
  }
}

/** `longbox run process|rename|normalize (--all|--unprocessed|--files F...) --library DIR [--dry-run]` */
export async function runOperation(
  host: HeadlessHost,
  out: CliOutput,
  positionals: string[],
  values: Record<string, unknown>,
  rootFor: (library: string) => Promise<{ id: number; path: string }>,
): Promise<number> {
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
  const root = await rootFor(resolve(libraries[0]!));
  let scope: JobScope;
  if (files.length) {
    const lookup = host.core.db.prepare<[number, string], { id: number }>('SELECT id FROM files WHERE root_id = ? AND rel_path = ?');
    const fileIds = await Promise.all(
      files.map(async (f) => {
        const abs = await realpath(resolve(f)).catch(() => resolve(f));
        const id = lookup.get(root.id, relPathOf(root.path, abs))?.id;
        if (id === undefined) throw new UsageError(`not a file of the library: ${f}`);
        return id;
      }),
    );
    scope = { type: 'selected', fileIds };
  } else scope = { type: values.all ? 'all' : 'unprocessed', rootId: root.id };
  const spec: JobSpec = { kind, scope, priority: 0 };
  if (values['dry-run']) return printPreview(host, out, spec);
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
