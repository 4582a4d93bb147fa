import { resolve } from 'node:path';
import type { JobSpec } from '../../src-shared/contract/jobs.ts';
import { UsageError, type CliOutput } from './cli-output.ts';
import { fileIdsOf, followJob, printPreview } from './cli-run.ts';
import type { HeadlessHost } from './headless-host.ts';

/**
 * `longbox delete --files F... --library DIR [--dry-run]`: the files go to the OS trash, as a job
 * (never a permanent delete; not undoable from Longbox — the trash is where they come back from).
 */
export async function runDelete(
  host: HeadlessHost,
  out: CliOutput,
  positionals: string[],
  values: Record<string, unknown>,
  rootFor: (library: string) => Promise<{ id: number; path: string }>,
): Promise<number> {
  const libraries = values.library as string[] | undefined;
  if (libraries?.length !== 1) throw new UsageError('delete needs exactly one --library DIR');
  // `--files a b c`: parseArgs keeps the first value as the option, the rest as positionals.
  const files = [...((values.files as string[] | undefined) ?? []), ...(values.files ? positionals : [])];
  if (!files.length || (positionals.length > 0 && !values.files)) throw new UsageError('delete needs --files F...');
  const root = await rootFor(resolve(libraries[0]!));
  const spec: JobSpec = { kind: 'delete', fileIds: await fileIdsOf(host, root, files), priority: 0 };
  if (values['dry-run']) return printPreview(host, out, spec);
  return followJob(host, out, host.core.jobs.start(spec));
}
