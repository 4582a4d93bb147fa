/**
 * Start-up recovery of per-file work a crash interrupted (docs/behaviour.md §4 "Crash and restart"). The
 * main process runs `recoverInFlight` once at every start, before any job resumes and while
 * no worker can be renaming: first the archive engine's write journals (each archive back to
 * exactly its old or its new bytes), then every leftover rename intent (each file at exactly
 * its old or its new name; never both, never neither by our doing).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir } from '../archive/durable-fs.ts';
import { recoverJournals } from '../archive/journal-recovery.ts';
import { reconcileRename } from '../naming/claim-rename.ts';
import { INTENT_SUFFIX, intentsDir } from './rename-intent.ts';
import { ownerOfName } from '../platform/process-owner.ts';
import type { RenameIntent } from './rename-intent.ts';

export interface RecoveredItem {
  /** `rename`: from a rename intent; `write`: an interrupted ComicInfo write (from === to). */
  kind: 'rename' | 'write';
  from: string;
  to: string;
  /**
   * `completed`: the file is at `to` (rename) / has its new bytes (write).
   * `rolled-back`: the file is at `from` / has its old bytes.
   * `missing`: neither name exists (the file was removed by someone else); nothing was done.
   */
  outcome: 'completed' | 'rolled-back' | 'missing';
  fileId?: number;
}

function isIntent(value: unknown): value is RenameIntent {
  const v = value as RenameIntent | null;
  return typeof v === 'object' && v !== null && typeof v.from === 'string' && typeof v.to === 'string';
}

/**
 * Idempotent: dying during recovery and running it again gives the same result. The engine
 * should apply each completed rename to the index row (`fileId` → `to`) and re-stat the files
 * listed here before resuming their items.
 */
export async function recoverInFlight(journalDir: string): Promise<RecoveredItem[]> {
  const recovered: RecoveredItem[] = [];
  const journals = await recoverJournals(journalDir);
  for (const p of journals.completed) recovered.push({ kind: 'write', from: p, to: p, outcome: 'completed' });
  for (const p of journals.restored) recovered.push({ kind: 'write', from: p, to: p, outcome: 'rolled-back' });

  const dir = intentsDir(journalDir);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return recovered;
    throw error;
  }
  // Oldest first (names start with a time-ordered id): a chain a→b, b→c replays in order.
  for (const name of names.filter((n) => n.endsWith(INTENT_SUFFIX)).sort()) {
    // A live process (the app while the CLI starts, or the reverse) may be renaming right now.
    if (ownerOfName(name, INTENT_SUFFIX) === 'live') continue;
    const file = path.join(dir, name);
    let intent: unknown = null;
    try {
      intent = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch {
      // Torn intent: it is fsynced before the rename starts, so that rename never began.
    }
    if (isIntent(intent)) {
      const result = await reconcileRename(intent.from, intent.to);
      const item: RecoveredItem = {
        kind: 'rename',
        from: intent.from,
        to: intent.to,
        outcome: result === 'renamed' ? 'completed' : result === 'not-renamed' ? 'rolled-back' : 'missing',
      };
      if (typeof intent.fileId === 'number') item.fileId = intent.fileId;
      recovered.push(item);
    }
    // Only after the reconcile: dying before this line reconciles again (a no-op the second time).
    await fs.rm(file, { force: true });
  }
  await fsyncDir(dir);
  return recovered;
}
