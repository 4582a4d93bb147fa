import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import { ROOT_CHECK_LIMIT, type RootCheck } from '../../../src-shared/contract/root-add.ts';
import { isInside } from './library-paths.ts';
import { ARCHIVE_EXTENSION, isIgnoredName } from './library-walker.ts';
import { libraryFolder } from './path-confinement.ts';

/**
 * What adding `path` as a library folder would add (`library.roots.check`), asked before the
 * window's confirmation: the same refusals as `roots.add` (relative, missing, system folder,
 * already a root or overlapping one), then a count of its archives. The count is async
 * (`readdir` never blocks the main thread) and stops after ROOT_CHECK_LIMIT entries, so
 * checking a huge share costs a bounded moment; the scan after the add is the real count.
 */
export async function checkRootFolder(path: string, rootPaths: readonly string[]): Promise<RootCheck> {
  const real = await libraryFolder(path);
  const taken = rootPaths.find((root) => root === real || isInside(root, real) || isInside(real, root));
  if (taken) {
    throw new LongboxError('ROOT_EXISTS', taken === real ? `Already a library folder: ${real}` : `Overlaps the library folder ${taken}.`);
  }
  let seen = 0;
  let archives = 0;
  const pending = [real];
  while (pending.length > 0 && seen < ROOT_CHECK_LIMIT) {
    const dir = pending.pop()!;
    // An unreadable sub-folder is skipped, as the scan skips it.
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      seen += 1;
      if (isIgnoredName(entry.name)) continue;
      if (entry.isDirectory()) pending.push(join(dir, entry.name));
      else if (entry.isFile() && ARCHIVE_EXTENSION.test(entry.name)) archives += 1;
    }
  }
  return { path: real, archives, complete: pending.length === 0 };
}
