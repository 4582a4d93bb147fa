/**
 * Renames that never overwrite (docs/behaviour.md §3.3 "Never overwrite"), safe against other workers and
 * processes racing for the same target name, and recoverable after a crash at any instant.
 *
 * The target name is *claimed* by an operation the kernel makes exclusive, never by a
 * check-then-rename:
 *  - `link(from, to)` fails with EEXIST when `to` exists; then `unlink(from)`;
 *  - without hard links (FAT, exFAT, some SMB shares): `open(to, 'wx')` creates an empty
 *    placeholder exclusively, then `rename(from, to)` replaces only our own placeholder;
 *  - across devices (a duplicates folder on another drive): the placeholder is claimed, the
 *    data is copied to a temp file beside it and renamed over the placeholder, then `from` is
 *    removed.
 * Each step's comment says what is on disk if the process dies right there; `reconcileRename`
 * turns every one of those states into "renamed" or "not renamed" without losing data.
 * Callers record the (from, to) intent before calling and run `reconcileRename` for intents
 * whose job died; it must not run while that job may still be renaming.
 */
import { createHash } from 'node:crypto';
import { constants, createReadStream, promises as fs, type BigIntStats } from 'node:fs';
import path from 'node:path';
import { splitExtension } from './split-extension.ts';

export type ClaimResult = { ok: true } | { ok: false; code: 'TARGET_EXISTS' };

/** Where the file is after reconciling: at `to`, at `from`, or at neither (gone before we came). */
export type ReconcileOutcome = 'renamed' | 'not-renamed' | 'missing';

const CLAIMED: ClaimResult = { ok: true };
const TAKEN: ClaimResult = { ok: false, code: 'TARGET_EXISTS' };

// Errors from link(2) that mean "this file system cannot hard-link here", not "target taken".
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS', 'EMLINK']);

export async function renameNoOverwrite(fromPath: string, toPath: string): Promise<ClaimResult> {
  const from = path.resolve(fromPath);
  const to = path.resolve(toPath);
  if (from === to) return CLAIMED;
  const result = await claim(from, to);
  // On a case-insensitive file system `foo.cbz` "exists" when renaming `Foo.cbz` to it.
  if (!result.ok && (await isSameEntry(from, to))) return renameCaseOnly(from, to);
  return result;
}

/**
 * Where a duplicate may go, in order: `<duplicatesFolder>/<parent folder name>/<file name>`,
 * then with ` (2)`, ` (3)`… before the extension — a duplicate is never lost.
 */
export function* duplicateCandidates(filePath: string, duplicatesFolder: string, max = 10_000): Generator<string> {
  const source = path.resolve(filePath);
  const folder = path.join(duplicatesFolder, path.basename(path.dirname(source)));
  const { stem, extension } = splitExtension(path.basename(source));
  for (let n = 1; n <= max; n++) yield path.join(folder, n === 1 ? stem + extension : `${stem} (${n})${extension}`);
}

/**
 * Moves a duplicate to the first free candidate name. `claim` is the no-overwrite rename to
 * use; the operations pass one that journals a rename intent before each attempt.
 */
export async function moveToDuplicates(
  filePath: string,
  duplicatesFolder: string,
  claim: (from: string, to: string) => Promise<ClaimResult> = renameNoOverwrite,
): Promise<string> {
  const source = path.resolve(filePath);
  const folder = path.join(duplicatesFolder, path.basename(path.dirname(source)));
  await fs.mkdir(folder, { recursive: true });
  for (const target of duplicateCandidates(source, duplicatesFolder)) {
    if ((await claim(source, target)).ok) return target;
  }
  throw new Error(`No free name for ${source} in ${folder}`);
}

/** Finishes or rolls back an interrupted `renameNoOverwrite(fromPath, toPath)`. */
export async function reconcileRename(fromPath: string, toPath: string): Promise<ReconcileOutcome> {
  const from = path.resolve(fromPath);
  const to = path.resolve(toPath);
  // A copy temp only survives an unfinished copy: it is never the only copy of the data.
  await fs.rm(copyTempFor(to), { force: true });

  const parked = caseTempFor(to);
  if (await statOrNull(parked)) return reconcileCaseOnly(from, to, parked);

  const [source, target] = await Promise.all([statOrNull(from), statOrNull(to)]);
  if (!source) return target ? 'renamed' : 'missing';
  if (!target) return 'not-renamed';
  if (source.dev === target.dev && source.ino === target.ino) {
    if (await isSameEntry(from, to)) {
      // One entry seen through a case-insensitive lookup: its stored spelling tells the state.
      const names = await fs.readdir(path.dirname(to));
      return names.includes(path.basename(to)) ? 'renamed' : 'not-renamed';
    }
    // Crashed between link and unlink: two names, one file.
    await fs.unlink(from);
    return 'renamed';
  }
  if (target.size === 0n && source.size > 0n) {
    // Crashed holding the placeholder (or the placeholder lost to nothing): drop it.
    await fs.unlink(to);
    return 'not-renamed';
  }
  if (await sameContent(from, to)) {
    // Crashed after a cross-device copy landed, before the source was removed.
    await fs.unlink(from);
    return 'renamed';
  }
  // `to` is someone else's file; ours is intact at `from`.
  return 'not-renamed';
}

/**
 * The placeholder strategy on its own. Used when the file system cannot hard-link; exported so
 * tests exercise it on file systems that can.
 */
export async function claimByPlaceholder(from: string, to: string): Promise<ClaimResult> {
  try {
    await (await fs.open(to, 'wx')).close();
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return TAKEN;
    throw error;
  }
  // Crash here: `to` is an empty placeholder, `from` is intact → reconcile removes `to`.
  try {
    await fs.rename(from, to);
  } catch (error) {
    if (codeOf(error) === 'EXDEV') return copyOverPlaceholder(from, to);
    await fs.rm(to, { force: true });
    throw error;
  }
  // Rename is atomic: `from` gone and `to` complete, or the previous state.
  return CLAIMED;
}

async function claim(from: string, to: string): Promise<ClaimResult> {
  try {
    await fs.link(from, to);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'EEXIST') return TAKEN;
    if (code !== undefined && NO_HARD_LINKS.has(code)) return claimByPlaceholder(from, to);
    throw error;
  }
  // Crash here: `from` and `to` are two names of one file → reconcile unlinks `from`.
  await fs.unlink(from);
  return CLAIMED;
}

async function copyOverPlaceholder(from: string, to: string): Promise<ClaimResult> {
  const temp = copyTempFor(to);
  try {
    await fs.copyFile(from, temp, constants.COPYFILE_EXCL);
    // Crash here: empty placeholder at `to`, partial copy at `temp`, `from` intact →
    // reconcile deletes `temp` and the placeholder.
    await syncFile(temp);
    await fs.rename(temp, to);
  } catch (error) {
    await Promise.all([fs.rm(temp, { force: true }), fs.rm(to, { force: true })]);
    throw error;
  }
  // Crash here: full copy at `to`, `from` intact → reconcile sees equal content, unlinks `from`.
  await fs.unlink(from);
  return CLAIMED;
}

/**
 * `Foo.cbz` → `foo.cbz` where both names reach the same entry. Some SMB and FAT drivers ignore
 * a direct case-only rename, so the file is parked under a temp name first; the final name is
 * then claimed like any other, in case another process took it meanwhile.
 */
async function renameCaseOnly(from: string, to: string): Promise<ClaimResult> {
  const parked = caseTempFor(to);
  if (!(await claim(from, parked)).ok) return TAKEN; // a stale park: reconcile first
  // Crash here: the file exists only at `parked` → reconcile moves it on to `to`.
  if ((await claim(parked, to)).ok) return CLAIMED;
  // Someone took `to` while it was free: put the file back.
  if (!(await claim(parked, from)).ok) {
    throw new Error(`${from} was taken while renaming; the file is kept at ${parked}`);
  }
  return TAKEN;
}

async function reconcileCaseOnly(from: string, to: string, parked: string): Promise<ReconcileOutcome> {
  const [parkedStat, target] = await Promise.all([statOrNull(parked), statOrNull(to)]);
  if (parkedStat && target) {
    if (parkedStat.dev === target.dev && parkedStat.ino === target.ino) {
      await fs.unlink(parked); // crashed between link and unlink of the second claim
      return 'renamed';
    }
    if (target.size === 0n) await fs.unlink(to); // our placeholder from the second claim
  }
  if ((await claim(parked, to)).ok) return 'renamed';
  if ((await claim(parked, from)).ok) return 'not-renamed';
  throw new Error(`Cannot put ${parked} back: both ${to} and ${from} are taken`);
}

/**
 * True when both paths reach one directory entry (a case- or normalization-insensitive file
 * system), not two hard links that happen to share an inode.
 */
async function isSameEntry(a: string, b: string): Promise<boolean> {
  if (path.dirname(a) !== path.dirname(b)) return false;
  const [statA, statB] = await Promise.all([statOrNull(a), statOrNull(b)]);
  if (!statA || !statB || statA.dev !== statB.dev || statA.ino !== statB.ino) return false;
  const names = await fs.readdir(path.dirname(a));
  return !(names.includes(path.basename(a)) && names.includes(path.basename(b)));
}

// Temp names are derived from the target so recovery can find them from the intent alone;
// the leading dot keeps them out of library scans.
function caseTempFor(to: string): string {
  return path.join(path.dirname(to), `.longbox-case-${hashOf(to)}.tmp`);
}

function copyTempFor(to: string): string {
  return path.join(path.dirname(to), `.longbox-copy-${hashOf(to)}.tmp`);
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

async function statOrNull(target: string): Promise<BigIntStats | null> {
  try {
    // bigint: NTFS file ids do not fit in a double.
    return await fs.lstat(target, { bigint: true });
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return null;
    throw error;
  }
}

async function syncFile(target: string): Promise<void> {
  const handle = await fs.open(target, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function sameContent(a: string, b: string): Promise<boolean> {
  const [statA, statB] = await Promise.all([fs.stat(a), fs.stat(b)]);
  if (statA.size !== statB.size) return false;
  const [digestA, digestB] = await Promise.all([digestOf(a), digestOf(b)]);
  return digestA === digestB;
}

async function digestOf(target: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(target)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}
