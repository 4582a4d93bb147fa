import fs from 'node:fs/promises';
import path from 'node:path';
import { identityOf, removeIfExists } from './durable-fs.ts';
import { isLongboxTempName } from './temp-names.ts';
import {
  QUARANTINE_DIR,
  REBUILD_SUFFIX,
  TAIL_SUFFIX,
  readTailJournal,
  restoreTail,
  sha256,
} from './write-journal.ts';
import type { RebuildIntent, TailJournal } from './write-journal.ts';

export interface RecoveryReport {
  /** Archives put back byte-for-byte to their state before an interrupted write. */
  restored: string[];
  /** Archives whose interrupted write had in fact completed; kept as they are. */
  completed: string[];
  /** Journals torn while being written (their archive was never touched); deleted. */
  discarded: string[];
  /** Journals whose archive no longer matches; moved to quarantine/, nothing applied. */
  quarantined: Array<{ journal: string; path: string; reason: string }>;
  /** Temp files of interrupted rebuilds, deleted. */
  tempsRemoved: string[];
}

type TailOutcome = { kind: 'restored' | 'completed' } | { kind: 'quarantine'; reason: string };

async function readRange(handle: fs.FileHandle, start: number, end: number): Promise<Buffer> {
  const buf = Buffer.alloc(Math.max(0, end - start));
  const { bytesRead } = await handle.read(buf, 0, buf.length, start);
  return buf.subarray(0, bytesRead);
}

/**
 * Decide what an interrupted tail write left behind and undo it. Only a file that is still
 * the same inode and whose size lies between the old and the new size can be one we were
 * writing; anything else was changed by someone else since, and is not touched.
 */
async function recoverTail(journal: TailJournal): Promise<TailOutcome> {
  const h = journal.header;
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(h.path, 'r+');
  } catch (error) {
    return { kind: 'quarantine', reason: `cannot open: ${(error as Error).message}` };
  }
  try {
    const stat = await handle.stat({ bigint: true });
    const id = identityOf(stat);
    if (id.dev !== h.dev || id.ino !== h.ino) return { kind: 'quarantine', reason: 'file was replaced (inode differs)' };
    const size = Number(stat.size);
    if (size < Math.min(h.size, h.newSize) || size > Math.max(h.size, h.newSize)) {
      return { kind: 'quarantine', reason: `size ${size} is neither the old ${h.size} nor the new ${h.newSize}` };
    }
    if (size === h.newSize && sha256(await readRange(handle, h.position, size)) === h.newTailSha256) {
      return { kind: 'completed' };
    }
    await restoreTail(handle, journal);
    return { kind: 'restored' };
  } finally {
    await handle.close();
  }
}

async function quarantine(journalDir: string, file: string): Promise<string> {
  const dir = path.join(journalDir, QUARANTINE_DIR);
  await fs.mkdir(dir, { recursive: true });
  const target = path.join(dir, path.basename(file));
  await fs.rename(file, target);
  return target;
}

/**
 * Run at start-up, before any job writes: finish or undo every write a crash interrupted.
 * Idempotent: if we die during recovery, running it again gives the same result.
 */
export async function recoverJournals(journalDir: string): Promise<RecoveryReport> {
  const report: RecoveryReport = { restored: [], completed: [], discarded: [], quarantined: [], tempsRemoved: [] };
  let names: string[];
  try {
    names = await fs.readdir(journalDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return report;
    throw error;
  }
  for (const name of names.sort()) {
    const file = path.join(journalDir, name);
    if (name.endsWith(TAIL_SUFFIX)) {
      const journal = await readTailJournal(file);
      if (!journal) {
        report.discarded.push(file);
        await fs.unlink(file);
        continue;
      }
      const outcome = await recoverTail(journal);
      if (outcome.kind === 'quarantine') {
        const moved = await quarantine(journalDir, file);
        report.quarantined.push({ journal: moved, path: journal.header.path, reason: outcome.reason });
        continue;
      }
      report[outcome.kind].push(journal.header.path);
      // Delete only after the restore has been fsynced: dying before this re-runs the restore.
      await fs.unlink(file);
    } else if (name.endsWith(REBUILD_SUFFIX)) {
      let intent: RebuildIntent | null = null;
      try {
        intent = JSON.parse(await fs.readFile(file, 'utf8')) as RebuildIntent;
      } catch {
        // Torn intent: written before the temp file was created, so there is nothing to clean.
      }
      // Only ever delete a file that carries our temp marker, whatever the intent says.
      if (intent && isLongboxTempName(path.basename(intent.tempPath)) && (await removeIfExists(intent.tempPath))) {
        report.tempsRemoved.push(intent.tempPath);
      }
      await fs.unlink(file);
    }
  }
  return report;
}
