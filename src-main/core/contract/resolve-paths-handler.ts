import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { LIBRARY_PATH_COMMANDS } from '../../../src-shared/contract/library-paths.ts';
import type { LibraryIndex } from '../library/index/library-index.ts';
import { isInside, relPathOf } from '../library/library-paths.ts';
import type { RootsRepo } from '../library/roots-repo.ts';
import type { Handlers } from './dispatcher.ts';

/**
 * `library.resolvePaths`: typed paths → file ids, confined to the library folder. A relative
 * path is taken from the library folder, never from this process's working directory (which
 * for `serve` is wherever it was started). Symlinks are resolved first, so a link inside the
 * folder to a file elsewhere names nothing; a path that no longer exists is looked up as
 * written, so the job reports the missing file instead of the CLI guessing.
 */
export function resolvePathsHandler(index: LibraryIndex, roots: RootsRepo): Pick<Handlers, keyof typeof LIBRARY_PATH_COMMANDS> {
  return {
    'library.resolvePaths': async ({ rootId, paths }) => {
      const root = roots.get(rootId);
      const base = await realpath(root.path).catch(() => root.path);
      return Promise.all(
        paths.map(async (path) => {
          const lexical = resolve(base, path);
          const real = await realpath(lexical).catch(() => lexical);
          const fileId = isInside(base, real) ? index.idAt(rootId, relPathOf(base, real)) : undefined;
          return { path, fileId: fileId ?? null };
        }),
      );
    },
  };
}
