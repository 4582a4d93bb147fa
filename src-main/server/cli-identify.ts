/**
 * `longbox identify (--all|--unprocessed|--files F...) --library DIR [--provider NAME] [--dry-run] [--no-wait]`
 * (docs/identify.md). Matches above the threshold are applied, the rest listed for review.
 * With `--json`: an item line per file, progress lines as `run`, a `paused` line when a quota
 * pauses the job (then nothing until it resumes at `resumesAt`; `--no-wait` exits 0 and leaves
 * the job paused for the app or `jobs resume`), and a result line as `run` plus `review`.
 */
import path from 'node:path';
import { ProviderNameSchema, type IdentifyItemResult, type ProviderName } from '../../src-shared/contract/identify.ts';
import type { JobItem, JobSnapshot, JobSpec } from '../../src-shared/contract/jobs.ts';
import { waitForJob } from '../../src-shared/contract/wait-for-job.ts';
import { parseResult } from '../core/identify/item-result.ts';
import { call } from './cli-call.ts';
import { EXIT, UsageError, type CliOutput } from './cli-output.ts';
import { jobPrinter, parseScopeArgs, previewPages, scopeOf, type ScopeRequest } from './cli-run.ts';
import type { HeadlessHost } from './headless-host.ts';

const PAGE = 200;

function itemLine(out: CliOutput, absPath: string, result: IdentifyItemResult, detail: string): void {
  const score = result.score === null ? '' : ` ${result.score.toFixed(2)}`;
  const source = result.provider ? ` ${result.provider}${result.sourceId ? ` ${result.sourceId}` : ''}` : '';
  out.line(`${result.state.padEnd(7)} ${absPath}${source}${score}${detail ? `  ${detail}` : ''}`, {
    type: 'item',
    path: absPath,
    state: result.state,
    provider: result.provider,
    sourceId: result.sourceId,
    score: result.score,
  });
}

export interface IdentifyRequest extends ScopeRequest {
  provider: ProviderName | null;
  dryRun: boolean;
  noWait: boolean;
}

/** `identify`'s arguments, checked before anything touches the disk (a typo creates nothing). */
export function parseIdentifyArgs(positionals: string[], values: Record<string, unknown>): IdentifyRequest {
  // `--files a b c`: parseArgs keeps the first value as the option, the rest as positionals.
  if (positionals.length && !values.files) throw new UsageError(`identify takes no argument "${positionals[0]}"`);
  const provider = values.provider === undefined ? null : ProviderNameSchema.safeParse(values.provider);
  if (provider && !provider.success) throw new UsageError(`--provider must be one of ${ProviderNameSchema.options.join(', ')}`);
  return {
    ...parseScopeArgs('identify', values, positionals),
    provider: provider?.data ?? null,
    dryRun: values['dry-run'] === true,
    noWait: values['no-wait'] === true,
  };
}

export async function runIdentify(
  host: HeadlessHost,
  out: CliOutput,
  request: IdentifyRequest,
  rootFor: (library: string) => Promise<{ id: number; path: string }>,
): Promise<number> {
  const root = await rootFor(request.library);
  const scope = await scopeOf(host, root, request);
  const spec: JobSpec = { kind: 'identify', scope, provider: request.provider, choices: [], priority: 0 };
  const abs = (relPath: string) => path.join(root.path, ...relPath.split('/'));
  if (request.dryRun) return dryRun(host, out, spec, abs);
  return follow(host, out, await call(host.client, 'jobs.start', spec), abs, request.noWait);
}

async function dryRun(host: HeadlessHost, out: CliOutput, spec: JobSpec, abs: (rel: string) => string): Promise<number> {
  let failed = 0;
  for await (const page of previewPages(host, spec, PAGE)) {
    for (const item of page.items) {
      const result = parseResult(item.actions, item.state);
      failed += result.state === 'failed' ? 1 : 0;
      const diff = item.diff.map((d) => `\n    ${d.field}: ${d.before ?? '∅'} → ${d.after ?? '∅'}`).join('');
      itemLine(out, abs(item.relPath), result, `${item.code ? `[${item.code}] ${item.message ?? ''}` : ''}${diff}`);
    }
    if (page.last) out.line(`${page.total} files identified; nothing was written.`, { type: 'result', previewed: page.total });
  }
  return failed ? EXIT.failed : EXIT.ok;
}

async function follow(host: HeadlessHost, out: CliOutput, job: JobSnapshot, abs: (rel: string) => string, noWait: boolean): Promise<number> {
  const { client } = host;
  const printer = jobPrinter(out);
  const print = (s: JobSnapshot) => printer.progress(s);
  let review = 0;
  const printItems = (items: JobItem[]) => {
    for (const item of items) {
      const result = parseResult(item.actions, item.state as 'done' | 'skipped' | 'failed');
      if (result.state === 'review') review += 1;
      itemLine(out, abs(item.relPath), result, item.error ? `[${item.error.code}] ${item.error.message}` : '');
    }
  };
  const offUpdates = client.on('job.updated', (snapshot) => {
    if (snapshot.id === job.id) print(snapshot);
  });
  const offItems = client.on('job.items', (batch) => {
    if (batch.jobId === job.id) printItems(batch.items);
  });
  try {
    let final = await waitForJob(client, job.id);
    while (final.state === 'paused' && final.resumesAt !== null) {
      out.line(`${final.title}: paused, a provider's request quota is spent; resumes at ${new Date(final.resumesAt).toISOString()}`, {
        type: 'paused',
        jobId: final.id,
        resumesAt: final.resumesAt,
      });
      if (noWait) return EXIT.ok;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, final.resumesAt! - Date.now())));
      // The engine resumes it at that time by itself too; whichever comes first, it runs once
      // (resuming a job that already runs, or already ended, changes nothing).
      await client.invoke('jobs.resume', { jobId: job.id });
      final = await waitForJob(client, job.id);
    }
    print(final);
    out.line(
      `${final.title}: ${final.state} — ${final.succeeded} applied, ${review} for review, ${final.skipped - review} skipped, ${final.failed} failed`,
      { type: 'result', jobId: final.id, state: final.state, succeeded: final.succeeded, skipped: final.skipped, failed: final.failed, review },
    );
    if (final.state !== 'paused') await call(client, 'jobs.acknowledge', { jobId: final.id });
    return final.state === 'completed' && final.failed === 0 ? EXIT.ok : final.state === 'paused' ? EXIT.ok : EXIT.failed;
  } finally {
    offUpdates();
    offItems();
  }
}
