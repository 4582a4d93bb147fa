import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { inspectFile } from '../core/operations/inspect-file.ts';
import { isInside } from '../core/library/library-paths.ts';
import { toErrorInfo } from '../../src-shared/contract/errors.ts';
import { EXIT, UsageError, type CliOutput } from './cli-output.ts';
import type { HeadlessHost } from './headless-host.ts';

/** `inspect`'s files, resolved before anything touches the disk (a missing one is bad usage). */
export async function resolveInspectFiles(files: string[]): Promise<string[]> {
  if (files.length === 0) throw new UsageError('inspect needs at least one FILE');
  return Promise.all(
    files.map((file) =>
      realpath(resolve(file)).catch(() => {
        throw new UsageError(`file not found: ${file}`);
      }),
    ),
  );
}

/**
 * `longbox inspect FILE...`: parsed name, current ComicInfo, and what Process would do, per
 * file (one JSON line each). Writes nothing. A file that cannot be read is reported and the
 * rest still inspected; the exit code is then 1.
 */
export async function runInspect(host: HeadlessHost, out: CliOutput, files: string[]): Promise<number> {
  const roots = await host.core.dispatch('library.roots.list', {});
  let exit: number = EXIT.ok;
  for (const abs of files) {
    try {
      await inspectOne(host, out, abs, roots.ok ? (roots.value as Array<{ path: string }>) : []);
    } catch (error) {
      const info = toErrorInfo(error);
      out.error(`${abs}: [${info.code}] ${info.message}`, { path: abs, code: info.code });
      exit = EXIT.failed;
    }
  }
  return exit;
}

async function inspectOne(host: HeadlessHost, out: CliOutput, abs: string, roots: Array<{ path: string }>): Promise<void> {
  const root = roots.find((r) => isInside(r.path, abs));
  const result = await inspectFile(abs, host.core.settings.get(), root?.path ?? null);
  if (out.json) return out.line('', { ...result });
  const show = (v: string | null | undefined) => v ?? '—';
  const tags = result.comicInfo ? Object.entries(result.comicInfo).map(([k, v]) => `    ${k}: ${v}`) : ['    (none)'];
  out.line(
    [
      result.path,
      `  parsed:  series ${show(result.parsed.series)} · number ${show(result.parsed.number)} · volume ${show(result.parsed.volume)} · year ${show(result.parsed.year)}`,
      '  ComicInfo.xml:',
      ...tags,
      `  Process would: ${result.plan.action}`,
      `    series ${show(result.plan.series)} · number ${show(result.plan.number)} · title ${show(result.plan.title)}`,
      `    file name ${result.plan.fileName}`,
    ].join('\n'),
  );
}
