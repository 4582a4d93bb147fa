/**
 * Where a file named by a window lives. A window names a file by its index id only; the path
 * comes from the index and is checked to still lie inside its library root after resolving
 * symlinks, so no window can make the core read elsewhere. The archive itself is then read on
 * the worker pool (`operations/read-file-details.ts`).
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import type { LibraryFile } from '../../../src-shared/contract/library.ts';
import { toArchiveError } from '../archive/archive-errors.ts';
import type { LibraryIndex } from './index/library-index.ts';
import { isInside } from './library-paths.ts';
import type { RootsRepo } from './roots-repo.ts';

export interface ResolvedFile {
  file: LibraryFile;
  rootPath: string;
  absPath: string;
}

export async function resolveFile(index: LibraryIndex, roots: RootsRepo, fileId: number): Promise<ResolvedFile> {
  const file = index.get(fileId);
  if (!file) throw new LongboxError('NOT_FOUND', `No file with id ${fileId} in the library.`);
  const root = roots.get(file.rootId);
  if (!root.online) throw new LongboxError('ROOT_OFFLINE', `The library folder ${root.path} is offline.`);
  const absPath = path.join(root.path, ...file.relPath.split('/'));
  const real = await realpath(absPath).catch((error: unknown) => {
    throw toArchiveError(error, absPath);
  });
  if (!isInside(await realpath(root.path), real)) {
    throw new LongboxError('PATH_OUTSIDE_ROOT', `${file.relPath} resolves outside its library folder.`);
  }
  return { file, rootPath: root.path, absPath: real };
}
