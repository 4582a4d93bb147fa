/**
 * `longbox inspect FILE` (docs/behaviour.md §6): the parsed name, the current ComicInfo, and what Process
 * would do — computed by the process dry-run, so it is exactly what a real run would plan.
 *
 * `plan.action` is one of:
 *  - `none`           already normalized and already named right: nothing to do;
 *  - `write-metadata` ComicInfo would be written, the name is kept;
 *  - `rename`         only the file name changes;
 *  - `process`        ComicInfo written and file renamed;
 *  - `convert`        a CBR would be converted to CBZ (cbrMode 'convert'), possibly renamed too;
 *  - `duplicate`      the new name is taken by another file: marked duplicate (and moved to
 *                     the duplicates folder when set), nothing written;
 *  - `skip`           rename skipped (no number, or the template cannot name this file);
 *                     metadata may still be written;
 *  - `fail`           processing would fail (e.g. CBR read-only, target .cbz exists).
 * An unreadable archive (truncated, hostile XML…) throws its LongboxError instead.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ComicInfoValues } from '../../../src-shared/contract/comicinfo.ts';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import type { Settings } from '../../../src-shared/contract/settings.ts';
import { parseFileName } from '../naming/file-name-parser.ts';
import { splitExtension } from '../naming/split-extension.ts';
import { relPathOf } from '../library/library-paths.ts';
import { readState } from './file-work.ts';
import { runOperation } from './run-operation.ts';

export type InspectAction = 'none' | 'write-metadata' | 'rename' | 'process' | 'convert' | 'duplicate' | 'skip' | 'fail';

export interface InspectResult {
  path: string;
  parsed: { series: string | null; number: string | null; volume: string | null; year: string | null };
  comicInfo: ComicInfoValues | null;
  plan: { number: string | null; title: string | null; series: string | null; fileName: string; action: InspectAction };
}

/**
 * `rootPath` is the library root holding the file, or null for a file outside every library:
 * then its parent folder is taken as the series folder (as if the grandparent were the root).
 */
export async function inspectFile(absPath: string, settings: Settings, rootPath: string | null): Promise<InspectResult> {
  const abs = path.resolve(absPath);
  const root = rootPath === null ? path.dirname(path.dirname(abs)) : path.resolve(rootPath);
  const state = await readState(abs); // throws the archive's error code for unreadable input
  const parsedName = parseFileName(splitExtension(path.basename(abs)).stem);
  const stat = await fs.stat(abs);
  const outcome = await runOperation(
    'process',
    { fileId: 0, rootPath: root, relPath: relPathOf(root, abs), expected: { size: stat.size, mtimeMs: stat.mtimeMs } },
    // The journal folder is never touched by a dry-run.
    { settings, journalDir: path.join(os.tmpdir(), 'longbox-inspect-unused'), dryRun: true },
  );
  if (outcome.state === 'failed' && outcome.code && !['CBR_READ_ONLY', 'TARGET_EXISTS'].includes(outcome.code)) {
    throw new LongboxError(outcome.code, outcome.message ?? 'inspect failed');
  }
  const values = outcome.after?.values ?? state.values;
  const finalPath = outcome.newAbsPath ?? abs;
  const actions = outcome.actions ?? [];
  return {
    path: abs,
    parsed: { series: parsedName.series, number: parsedName.number, volume: parsedName.volume, year: parsedName.year },
    comicInfo: state.hasComicInfo ? state.values : null,
    plan: {
      number: values.Number ?? null,
      title: values.Title ?? null,
      series: values.Series ?? null,
      fileName: path.basename(finalPath),
      action: actionOf(outcome.state, outcome.code, actions),
    },
  };
}

function actionOf(state: string, code: string | undefined, actions: string[]): InspectAction {
  if (state === 'failed') return 'fail';
  if (code === 'TARGET_EXISTS') return 'duplicate';
  if (code === 'NO_NUMBER' || code === 'NAME_INVALID') return 'skip';
  if (actions.includes('converted to CBZ')) return 'convert';
  const wrote = actions.includes('metadata written');
  const renamed = actions.some((a) => a.startsWith('renamed to '));
  if (wrote && renamed) return 'process';
  if (wrote) return 'write-metadata';
  if (renamed) return 'rename';
  return 'none';
}
