import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { inspectFile } from '../core/operations/inspect-file.ts';
import { isInside } from '../core/library/library-paths.ts';
import { EXIT, UsageError, type CliOutput } from './cli-output.ts';
import type { HeadlessHost } from './headless-host.ts';

/** `longbox inspect FILE`: parsed name, current ComicInfo, and what Process would do. Writes nothing. */
export async function runInspect(host: HeadlessHost, out: CliOutput, file: string | undefined): Promise<number> {
  if (!file) throw new UsageError('inspect needs a FILE');
  const abs = await realpath(resolve(file)).catch(() => {
    throw new UsageError(`file not found: ${file}`);
  });
  const roots = await host.core.dispatch('library.roots.list', {});
  const root = roots.ok ? (roots.value as Array<{ path: string }>).find((r) => isInside(r.path, abs)) : undefined;
  const result = await inspectFile(abs, host.core.settings.get(), root?.path ?? null);
  if (out.json) {
    out.line('', { ...result });
    return EXIT.ok;
  }
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
  return EXIT.ok;
}
