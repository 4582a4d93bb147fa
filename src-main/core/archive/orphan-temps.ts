import fs from 'node:fs/promises';
import path from 'node:path';
import { isLongboxTempName, tempOwner } from './temp-names.ts';

/**
 * A temp of ours without an owner tag (written before temps named their process) counts as
 * orphaned only once nobody has written it for this long: no write of ours pauses mid-file
 * for a day, so an older one is debris, never a write in progress.
 */
export const UNTAGGED_TEMP_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Is the temp at `abs` debris of a write that will never finish? Its writer process is dead
 * (from another boot, or its pid is gone), or — untagged — it is older than a day. A temp of
 * this process or of another live one may be being written right now: never an orphan.
 */
async function isOrphan(abs: string, now: number): Promise<boolean> {
  const name = path.basename(abs);
  if (!isLongboxTempName(name)) return false;
  const owner = tempOwner(name);
  if (owner === 'self' || owner === 'live') return false;
  // lstat: a symlink or folder under a temp-like name is not a file we wrote.
  const stat = await fs.lstat(abs).catch(() => null);
  if (!stat?.isFile()) return false;
  return owner === 'dead' || now - stat.mtimeMs > UNTAGGED_TEMP_AGE_MS;
}

/**
 * Remove the orphaned temps among `candidates` (absolute paths a library walk found under our
 * temp-name pattern). Intents name the temps of interrupted writes, and start-up recovery removes
 * those (journal-recovery.ts); this catches the ones no intent names any more — the library was
 * unmounted while the intent's cleanup ran, or the intent was lost (docs/behaviour.md).
 * Returns the paths removed; a temp that cannot be removed now is left for the next scan.
 */
export async function removeOrphanTemps(candidates: readonly string[], now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const abs of candidates) {
    if (!(await isOrphan(abs, now))) continue;
    const gone = await fs.unlink(abs).then(
      () => true,
      (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
    );
    if (gone) removed.push(abs);
  }
  return removed;
}
