/**
 * The details panel's reads (`library.file.get`, `library.file.cover`). A window names a file by
 * its index id only; the path comes from the index and is checked to still lie inside its
 * library root after resolving symlinks (SPEC §8), so no window can make the core read elsewhere.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import { MAX_COVER_BYTES, type Cover, type FileDetails } from '../../../src-shared/contract/files.ts';
import type { LibraryFile } from '../../../src-shared/contract/library.ts';
import { toArchiveError } from '../archive/archive-errors.ts';
import { readArchiveSummary, readCover } from '../archive/inspect-archive.ts';
import { parseComicInfo } from '../comicinfo/comicinfo-document.ts';
import { getValues } from '../comicinfo/comicinfo-values.ts';
import type { Db } from '../db/open-database.ts';
import { isInside } from './library-paths.ts';
import { getFile } from './file-query.ts';
import type { RootsRepo } from './roots-repo.ts';

export interface ResolvedFile {
  file: LibraryFile;
  rootPath: string;
  absPath: string;
}

export async function resolveFile(db: Db, roots: RootsRepo, fileId: number): Promise<ResolvedFile> {
  const file = getFile(db, fileId);
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

export async function fileDetails(resolved: ResolvedFile, duplicateOf: number | null): Promise<FileDetails> {
  const summary = await readArchiveSummary(resolved.absPath);
  return {
    file: resolved.file,
    comicInfo: summary.comicInfoXml === null ? null : getValues(parseComicInfo(summary.comicInfoXml)),
    pageCount: summary.pageCount,
    format: summary.format,
    duplicateOf,
  };
}

/** The cover as base64 for an `<img src="data:…">` (the CSP allows data: images, nothing remote). */
export async function fileCover(resolved: ResolvedFile): Promise<Cover | null> {
  if ((await readArchiveSummary(resolved.absPath)).pageCount === 0) return null;
  const cover = await readCover(resolved.absPath).catch((error: unknown) => {
    // A first page too large to load, or stored in a way we cannot decode: no thumbnail, not an error.
    if (error instanceof LongboxError && error.code === 'ARCHIVE_UNSUPPORTED') return null;
    throw error;
  });
  if (!cover || cover.bytes.length > MAX_COVER_BYTES) return null;
  return { mime: cover.mime, dataBase64: cover.bytes.toString('base64') };
}
