/**
 * The undo writes of a rebuilt archive (docs/undo-and-results.md) — the ComicInfo.xml a job
 * created removed, or the original ComicInfo entry put back in its place — killed (SIGKILL) at
 * crash points of both write paths: after recovery the archive is byte-identical to the job's
 * (old) or to the undone (new) one, and nothing is left behind. A few steps per path: the
 * steps themselves are the write path's, covered one by one in write-steps.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { recoverJournals } from '../../../src-main/core/archive/journal-recovery.ts';
import { readOriginalArchive } from '../../../src-main/core/archive/original-tail.ts';
import { removeComicInfo, restoreComicInfo } from '../../../src-main/core/archive/write-comicinfo.ts';
import type { WriteStep } from '../../../src-main/core/archive/write-steps.ts';
import { comicInfoXml, pages, sha256File, tempDir, writeZip, yauzlCrcCheck } from '../../helpers/archives.ts';

const CHILD = path.join(import.meta.dirname, 'step-crash-child.ts');
const NOW = '2025-06-07T08:09:10Z';
const dir = tempDir('undo-steps');
let n = 0;

type Mode = 'remove' | 'restore';
type Strategy = 'tail' | 'rebuild';

/**
 * The job's archive (ComicInfo it wrote, last) and the original it came from: none (remove),
 * or one first (restore: back in the middle, so a rebuild) or last (restore in place). A second
 * link forces the rebuild path where the layout alone would not.
 */
function fixture(mode: Mode, strategy: Strategy) {
  const work = path.join(dir, `case-${n++}`);
  fs.mkdirSync(work);
  const jobs = { name: 'ComicInfo.xml', data: comicInfoXml('by the job'), method: 8 as const };
  const mine = { name: 'comicinfo.xml', data: comicInfoXml('the original'), method: 8 as const };
  const body = pages(3, 3000);
  const original = writeZip(path.join(work, 'original.cbz'), mode === 'remove' ? body : strategy === 'rebuild' ? [mine, ...body] : [...body, mine]);
  const file = writeZip(path.join(work, 'book.cbz'), [...body, jobs]);
  const reference = path.join(work, 'reference.cbz');
  fs.copyFileSync(file, reference);
  if (mode === 'remove' && strategy === 'rebuild') {
    fs.linkSync(file, path.join(work, 'book-link'));
    fs.linkSync(reference, path.join(work, 'reference-link'));
  }
  return { work, file, original, reference, journalDir: path.join(work, 'journal'), oldSha: sha256File(file) };
}

async function undoneReference(f: ReturnType<typeof fixture>, mode: Mode, strategy: Strategy): Promise<string> {
  const options = { journalDir: path.join(f.work, 'ref-journal') };
  const done =
    mode === 'remove'
      ? await removeComicInfo(f.reference, options)
      : await restoreComicInfo(f.reference, (await readOriginalArchive(f.original)).comicInfo!, options);
  expect(done.strategy).toBe(strategy);
  return sha256File(f.reference);
}

async function crashAt(f: ReturnType<typeof fixture>, step: WriteStep, mode: Mode): Promise<void> {
  const args = [CHILD, f.file, f.journalDir, '', NOW, step, '0', mode, f.original];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const [code, signal] = await once(child, 'exit');
  expect({ step, signal, code, stderr }).toMatchObject({ step, signal: 'SIGKILL' });
}

const STEPS: Record<Strategy, WriteStep[]> = {
  tail: ['journal-written', 'tail-written', 'synced'],
  rebuild: ['temp-written', 'temp-verified', 'renamed'],
};
const NEW_AFTER = new Set<WriteStep>(['synced', 'renamed']);
const cases = (['remove', 'restore'] as const).flatMap((mode) =>
  (['tail', 'rebuild'] as const).flatMap((strategy) => STEPS[strategy].map((step) => ({ mode, strategy, step }))),
);

describe('an undo write killed at a crash point', () => {
  it.each(cases)('$mode ($strategy) killed at $step → the job’s archive or the undone one', { timeout: 120_000 }, async ({ mode, strategy, step }) => {
    const f = fixture(mode, strategy);
    const newSha = await undoneReference(f, mode, strategy);
    expect(newSha).not.toBe(f.oldSha);
    await crashAt(f, step, mode);
    await recoverJournals(f.journalDir);
    const left = sha256File(f.file);
    // Killed once the new archive was durable: it stays. Right after an in-place tail was
    // written but before the truncate, recovery may keep it (complete) or restore the old one.
    if (NEW_AFTER.has(step)) expect(left).toBe(newSha);
    else if (step === 'tail-written') expect([f.oldSha, newSha]).toContain(left);
    else expect(left).toBe(f.oldSha);
    expect(fs.readdirSync(f.work).filter((name) => name.includes('.longbox-tmp-'))).toEqual([]);
    // The undone archive holds exactly the original's entries (the ComicInfo in its own name).
    if (left === newSha) expect([...(await yauzlCrcCheck(f.file))]).toEqual([...(await yauzlCrcCheck(f.original))]);
  });
});
