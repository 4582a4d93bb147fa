import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findWalk, type EarlyWalks } from '../core/library/find-walk.ts';

/** Commands that rescan their library folders before anything else (cli-commands.ts). */
const RESCANNING = new Set(['scan', 'run', 'identify', 'delete', 'watch']);

/**
 * Starts find on the `--library` folders of a command that rescans them first, before the
 * rest of the CLI loads: a 100k-file rescan with nothing changed is mostly find's walk and the
 * CLI's start-up, and these two then overlap (docs/packaging.md, "Start-up"). The arguments
 * are only glanced at here; the command checks them properly, and a walk nobody takes is
 * wasted, nothing more. Such a walk began before the scan took its mark, so the scanner trusts
 * only its digest (`TreeWalk.early`, library-scanner.ts): equal to the stored one, nothing
 * changed; otherwise the root is walked again.
 */
export function startEarlyWalks(argv: string[]): EarlyWalks | undefined {
  if (process.platform !== 'linux' || !RESCANNING.has(argv[0] ?? '')) return undefined;
  let libraries: string[];
  try {
    const { values } = parseArgs({ args: argv.slice(1), options: { library: { type: 'string', multiple: true } }, strict: false, allowPositionals: true });
    libraries = (values.library ?? []).filter((v): v is string => typeof v === 'string').map((l) => realpathSync(resolve(l)));
  } catch {
    return undefined;
  }
  if (!libraries.length) return undefined;
  const stop = new AbortController();
  const walks = new Map(libraries.map((root) => [root, findWalk(root, { signal: stop.signal }).then((tree) => tree && { ...tree, early: true })] as const));
  return {
    take(root) {
      const walk = walks.get(root);
      walks.delete(root);
      return walk;
    },
    cancel() {
      if (walks.size) stop.abort();
    },
  };
}
