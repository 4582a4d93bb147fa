/**
 * The tail write's verify reads back only what it wrote (docs/architecture.md, "The write path"):
 * here a byte of the written tail is damaged on disk after the fsync, before the verify — as a
 * failing disk or a racing writer would — and the write must fail WRITE_VERIFY_FAILED with the
 * archive put back byte for byte and no armed journal record.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { recoverJournals } from '../../../src-main/core/archive/journal-recovery.ts';
import { writeComicInfo } from '../../../src-main/core/archive/write-comicinfo.ts';
import type { StepDetail, WriteStep } from '../../../src-main/core/archive/write-steps.ts';
import { comicInfoXml, pages, pythonZipCheck, sha256File, tempDir, writeZip } from '../../helpers/archives.ts';

const dir = tempDir('verify-tail');
let n = 0;

function fixture(): { file: string; journalDir: string; oldSha: string } {
  const work = path.join(dir, `case-${n++}`);
  fs.mkdirSync(work);
  const file = writeZip(path.join(work, 'book.cbz'), [...pages(4, 4000), { name: 'ComicInfo.xml', data: comicInfoXml('old'), method: 8 }]);
  return { file, journalDir: path.join(work, 'journal'), oldSha: sha256File(file) };
}

/** Flips one byte of what the tail write put on disk, `at` bytes into the new tail, once it is synced. */
function damageAfterSync(at: (tailLength: number) => number) {
  let written: StepDetail | undefined;
  return {
    reached: (step: WriteStep, detail?: StepDetail) => {
      if (step === 'tail-write') written = detail;
      if (step !== 'synced' || !written) return;
      const offset = written.position + at(written.bytes.length);
      const fd = (written.handle as FileHandle).fd;
      const byte = Buffer.alloc(1);
      fs.readSync(fd, byte, 0, 1, offset);
      byte[0] = byte[0]! ^ 0xff;
      fs.writeSync(fd, byte, 0, 1, offset);
    },
  };
}

describe('the tail write verifies what it wrote', () => {
  it.each([
    ['the ComicInfo.xml data', () => 40],
    ['the central directory', (length: number) => Math.floor(length / 2)],
    ['the end record', (length: number) => length - 10],
  ])('a byte of %s damaged after the sync → WRITE_VERIFY_FAILED, the old archive back, nothing armed', async (_what, at) => {
    const f = fixture();
    const error = await writeComicInfo(f.file, comicInfoXml('new'), { journalDir: f.journalDir, steps: damageAfterSync(at) }).then(
      () => null,
      (e: { code?: string }) => e,
    );
    expect(error?.code).toBe('WRITE_VERIFY_FAILED');
    expect(sha256File(f.file)).toBe(f.oldSha);
    expect(await recoverJournals(f.journalDir)).toMatchObject({ restored: [], completed: [], quarantined: [] });
  });

  it('an undamaged write passes and reads back in Python’s zipfile', async () => {
    const f = fixture();
    const done = await writeComicInfo(f.file, comicInfoXml('new'), { journalDir: f.journalDir });
    expect(done.strategy).toBe('tail');
    const check = pythonZipCheck(f.file);
    expect(check.comicInfo).toEqual([comicInfoXml('new')]);
    expect(check.names).toHaveLength(5);
  });
});
