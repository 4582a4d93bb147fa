/**
 * Rename intents: before a rename or move, `{from, to, at}` is written durably (file and folder
 * fsynced) into `<journalDir>/intents/`. A failed claim removes it at once; a successful one
 * stays until the job engine has committed the item (OperationOutcome.openIntents), because
 * until then the index still names the old path. An intent that survives a crash names the one
 * rename that may be half done or not yet recorded, and `recoverInFlight` (recover-intents.ts)
 * finishes or rolls it back with `reconcileRename` and reports it for the index.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir } from '../archive/durable-fs.ts';
import { newId } from '../archive/temp-names.ts';
import { OWNER_TAG } from '../platform/process-owner.ts';
import { duplicateCandidates, moveToDuplicates, renameNoOverwrite } from '../naming/claim-rename.ts';
import type { ClaimResult } from '../naming/claim-rename.ts';

export const INTENTS_DIR = 'intents';
export const INTENT_SUFFIX = '.intent.json';

export interface RenameIntent {
  from: string;
  to: string;
  /** ms since the epoch. */
  at: number;
  /** The index row the file belongs to, so the engine can apply a recovered rename to it. */
  fileId?: number;
}

export function intentsDir(journalDir: string): string {
  return path.join(journalDir, INTENTS_DIR);
}

/** Writes the intent durably and returns its file (pass it to `clearIntent`). */
export async function writeIntent(journalDir: string, intent: RenameIntent): Promise<string> {
  const dir = intentsDir(journalDir);
  await fs.mkdir(dir, { recursive: true });
  // The owner in the name keeps another process's start-up recovery off a rename in flight.
  const file = path.join(dir, `${newId()}.${OWNER_TAG}${INTENT_SUFFIX}`);
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(JSON.stringify(intent));
    await handle.sync();
  } finally {
    await handle.close();
  }
  // The rename must not reach the disk before the intent's directory entry does.
  await fsyncDir(dir);
  return file;
}

/**
 * Removes a finished intent. Not fsynced: if the removal is lost in a crash, recovery
 * reconciles an already-finished rename, which is a no-op ("completed").
 */
export async function clearIntent(file: string): Promise<void> {
  await fs.rm(file, { force: true });
}

/**
 * `renameNoOverwrite` wrapped in an intent. On success the intent file is appended to
 * `openIntents` for the caller to clear once the new path is recorded; on failure it is cleared.
 */
export async function renameWithIntent(
  journalDir: string,
  from: string,
  to: string,
  fileId: number | undefined,
  openIntents: string[],
): Promise<ClaimResult> {
  const intent: RenameIntent = { from: path.resolve(from), to: path.resolve(to), at: Date.now() };
  if (fileId !== undefined) intent.fileId = fileId;
  const file = await writeIntent(journalDir, intent);
  const result = await renameNoOverwrite(from, to);
  if (result.ok) openIntents.push(file);
  else await clearIntent(file);
  return result;
}

/** The naming module's `moveToDuplicates`, with a durable intent before each attempted claim. */
export function moveToDuplicatesWithIntent(
  journalDir: string,
  filePath: string,
  duplicatesFolder: string,
  fileId: number | undefined,
  openIntents: string[],
): Promise<string> {
  return moveToDuplicates(filePath, duplicatesFolder, (from, to) => renameWithIntent(journalDir, from, to, fileId, openIntents));
}

/** Dry-run counterpart of `moveToDuplicatesWithIntent`: the first candidate not taken now. */
export async function previewDuplicateTarget(filePath: string, duplicatesFolder: string): Promise<string> {
  for (const target of duplicateCandidates(filePath, duplicatesFolder)) {
    if (!(await exists(target))) return target;
  }
  throw new Error(`No free name for ${filePath} in ${duplicatesFolder}`);
}

export async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Dry-run check of a rename target: taken by another file? A name that reaches the same
 * directory entry (a case-only rename on a case-insensitive file system) is not taken.
 */
export async function targetTaken(from: string, to: string): Promise<boolean> {
  let target;
  try {
    target = await fs.lstat(to, { bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (path.dirname(path.resolve(from)) !== path.dirname(path.resolve(to))) return true;
  const source = await fs.lstat(from, { bigint: true });
  if (source.dev !== target.dev || source.ino !== target.ino) return true;
  const names = await fs.readdir(path.dirname(path.resolve(to)));
  // Two listed names = two hard links (taken); one = the same entry seen case-insensitively.
  return names.includes(path.basename(from)) && names.includes(path.basename(to));
}
