/**
 * Step-by-step faults in both write paths (docs/mutations.md):
 * - a SIGKILL at every named crash point (and torn tails of many lengths written by hand),
 *   then recovery: the archive is byte-identical to the old one or to the new one, and torn
 *   tails are really restored from the journal (counted);
 * - every file-system step failing with ENOSPC, EACCES, EROFS or EIO: the error has its code,
 *   the archive is old or new, no temp file or journal record is left behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { recoverJournals } from '../../../src-main/core/archive/journal-recovery.ts';
import { writeComicInfo } from '../../../src-main/core/archive/write-comicinfo.ts';
import type { RebuildStep, TailStep, WriteStep } from '../../../src-main/core/archive/write-steps.ts';
import { comicInfoXml, pages, sha256File, tempDir, writeZip } from '../../helpers/archives.ts';

const CHILD = path.join(import.meta.dirname, 'step-crash-child.ts');
const NOW = '2025-06-07T08:09:10Z';
const XML = comicInfoXml('new');
const TAIL_STEPS: TailStep[] = ['journal-written', 'tail-write', 'tail-written', 'truncated', 'synced', 'verified'];
const REBUILD_STEPS: RebuildStep[] = ['intent-written', 'temp-written', 'temp-synced', 'temp-verified', 'renamed'];
/** Steps after which the new archive is the one on disk. */
const NEW_AFTER = new Set<WriteStep>(['truncated', 'synced', 'verified', 'renamed']);
/**
 * Killed right after the tail was written but before the truncate: the new tail (same length
 * as the old one here) is complete, so recovery keeps it.
 */
NEW_AFTER.add('tail-written');

const dir = tempDir('steps');
let n = 0;

/** A fresh archive on the chosen path, its sha, and the sha of the same write done cleanly. */
async function fixture(strategy: 'tail' | 'rebuild', xml = XML) {
  const work = path.join(dir, `case-${n++}`);
  fs.mkdirSync(work);
  const ci = { name: 'ComicInfo.xml', data: comicInfoXml('old'), method: 8 as const };
  const entries = strategy === 'tail' ? [...pages(3, 3000), ci] : [ci, ...pages(3, 3000)];
  const file = writeZip(path.join(work, 'book.cbz'), entries);
  const reference = path.join(work, 'reference.cbz');
  fs.copyFileSync(file, reference);
  const done = await writeComicInfo(reference, xml, { journalDir: path.join(work, 'ref-journal'), now: new Date(NOW) });
  expect(done.strategy).toBe(strategy);
  return { work, file, journalDir: path.join(work, 'journal'), oldSha: sha256File(file), newSha: sha256File(reference) };
}

/** `torn`: the fraction of the new tail written by hand before the kill at `tail-write`. */
async function crashAt(file: string, journalDir: string, step: WriteStep, torn = 0, xml = XML): Promise<void> {
  const child = spawn(process.execPath, [CHILD, file, journalDir, xml, NOW, step, String(torn)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const [code, signal] = await once(child, 'exit');
  expect({ step, signal, code, stderr }).toMatchObject({ step, signal: 'SIGKILL' });
}

const leftovers = (work: string) => fs.readdirSync(work).filter((name) => name.includes('.longbox-tmp-'));

describe('a crash at every step of a write', () => {
  it.each([...TAIL_STEPS.map((s) => ['tail', s] as const), ...REBUILD_STEPS.map((s) => ['rebuild', s] as const)])(
    '%s write killed at %s → recovery leaves exactly the old or the new archive',
    { timeout: 120_000 },
    async (strategy, step) => {
      const f = await fixture(strategy);
      await crashAt(f.file, f.journalDir, step);
      await recoverJournals(f.journalDir);
      expect(sha256File(f.file)).toBe(NEW_AFTER.has(step) ? f.newSha : f.oldSha);
      expect(leftovers(f.work)).toEqual([]);
      // Recovery is idempotent: a second start changes nothing.
      await recoverJournals(f.journalDir);
      expect(sha256File(f.file)).toBe(NEW_AFTER.has(step) ? f.newSha : f.oldSha);
    },
  );

  it('torn tails of many lengths (shorter, equal and longer new tails) are restored from the journal', { timeout: 600_000 }, async () => {
    const xmls = [comicInfoXml('n'), XML, comicInfoXml(`a much longer title ${'x'.repeat(300)}`)];
    const fractions = [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95];
    let torn = 0;
    let restored = 0;
    for (const xml of xmls) {
      for (const fraction of fractions) {
        const f = await fixture('tail', xml);
        await crashAt(f.file, f.journalDir, 'tail-write', fraction, xml);
        const left = sha256File(f.file);
        // A prefix whose unwritten rest happens to match (the end records often do) already is
        // the old or the new archive: nothing to restore, and recovery must keep it as it is.
        const isTorn = left !== f.oldSha && left !== f.newSha;
        if (isTorn) torn += 1;
        const report = await recoverJournals(f.journalDir);
        restored += report.restored.length;
        expect(sha256File(f.file)).toBe(isTorn ? f.oldSha : left);
      }
    }
    // Every torn archive was put back by a real restore, and most kills did tear.
    expect(restored).toBe(torn);
    expect(torn).toBeGreaterThanOrEqual(xmls.length * fractions.length - 3);
  });
});

describe('a file-system step that fails', () => {
  const ERRNOS = [
    ['ENOSPC', 'DISK_FULL'],
    ['EACCES', 'PERMISSION_DENIED'],
    ['EROFS', 'READ_ONLY'],
    ['EIO', 'IO_ERROR'],
  ] as const;
  const cases = [...TAIL_STEPS.map((s) => ['tail', s] as const), ...REBUILD_STEPS.map((s) => ['rebuild', s] as const)].flatMap(
    ([strategy, step]) => ERRNOS.map(([errno, code]) => ({ strategy, step, errno, code })),
  );

  it.each(cases)('$strategy: $errno after $step → $code, archive old or new, nothing left behind', async ({ strategy, step, errno, code }) => {
    const f = await fixture(strategy);
    const failing = {
      reached: (at: WriteStep) => {
        if (at === step) throw Object.assign(new Error(`${errno}: injected at ${step}`), { code: errno });
      },
    };
    const error = await writeComicInfo(f.file, XML, { journalDir: f.journalDir, now: new Date(NOW), steps: failing }).then(
      () => null,
      (e: { code?: string }) => e,
    );
    expect(error?.code).toBe(code);
    // Past the rename (rebuild) the new archive is in place; a tail write is undone until the
    // record is released.
    expect(sha256File(f.file)).toBe(step === 'renamed' ? f.newSha : f.oldSha);
    expect(leftovers(f.work)).toEqual([]);
    // No undo record left armed and no rebuild intent: a later start has nothing to do.
    const report = await recoverJournals(f.journalDir);
    expect(report).toMatchObject({ restored: [], completed: [], quarantined: [], tempsRemoved: [] });
    expect(sha256File(f.file)).toBe(step === 'renamed' ? f.newSha : f.oldSha);
  });
});
