import { resolve } from 'node:path';
import type { JobSpec } from '../../src-shared/contract/jobs.ts';
import { call } from './cli-call.ts';
import { UsageError, type CliOutput } from './cli-output.ts';
import { fileIdsOf, followJob, printPreview } from './cli-run.ts';
import type { HeadlessHost } from './headless-host.ts';

export interface DeleteRequest {
  library: string;
  files: string[];
  dryRun: boolean;
}

/** `delete`'s arguments, checked before anything touches the disk (a typo creates nothing). */
export function parseDeleteArgs(positionals: string[], values: Record<string, unknown>): DeleteRequest {
  const libraries = values.library as string[] | undefined;
  if (libraries?.length !== 1) throw new UsageError('delete needs exactly one --library DIR');
  // `--files a b c`: parseArgs keeps the first value as the option, the rest as positionals.
  const files = [...((values.files as string[] | undefined) ?? []), ...(values.files ? positionals : [])];
  if (!files.length || (positionals.length > 0 && !values.files)) throw new UsageError('delete needs --files F...');
  return { library: resolve(libraries[0]!), files, dryRun: values['dry-run'] === true };
}

/**
 * `longbox delete --files F... --library DIR [--dry-run]`: the files go to the OS trash, as a job
 * (never a permanent delete; not undoable from Longbox — the trash is where they come back from).
 */
export async function runDelete(
  host: HeadlessHost,
  out: CliOutput,
  request: DeleteRequest,
  rootFor: (library: string) => Promise<{ id: number }>,
): Promise<number> {
  const root = await rootFor(request.library);
  const spec: JobSpec = { kind: 'delete', fileIds: await fileIdsOf(host, root, request.files), priority: 0 };
  if (request.dryRun) return printPreview(host, out, spec);
  return followJob(host, out, await call(host.client, 'jobs.start', spec));
}
