import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { inspectFile } from '../core/operations/inspect-file.ts';
import { isInside } from '../core/library/library-paths.ts';
import { toErrorInfo } from '../../src-shared/contract/errors.ts';
import type { Root } from '../../src-shared/contract/library.ts';
import type { Settings } from '../../src-shared/contract/settings.ts';
import { call } from './cli-call.ts';
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
 *
 * The only CLI read outside the contract, on purpose: the user names any file on their own
 * disk, in or out of a library, and this process reads it; a contract command that read any
 * path would hand the same power to every window. The settings and library folders it plans
 * with come through the client.
 */
export async function runInspect(host: HeadlessHost, out: CliOutput, files: string[]): Promise<number> {
  const [settings, roots] = await Promise.all([call(host.client, 'settings.get'), call(host.client, 'library.roots.list')]);
  let exit: number = EXIT.ok;
  for (const abs of files) {
    try {
      await inspectOne(out, abs, settings, roots);
    } catch (error) {
      const info = toErrorInfo(error);
      out.error(`${abs}: [${info.code}] ${info.message}`, { path: abs, code: info.code });
      exit = EXIT.failed;
    }
  }
  return exit;
}

async function inspectOne(out: CliOutput, abs: string, settings: Settings, roots: Root[]): Promise<void> {
  const root = roots.find((r) => isInside(r.path, abs));
  const result = await inspectFile(abs, settings, root?.path ?? null);
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
