import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { identityOf } from '../../../src-main/core/archive/durable-fs.ts';
import { recoverJournals } from '../../../src-main/core/archive/journal-recovery.ts';
import { writeComicInfo } from '../../../src-main/core/archive/write-comicinfo.ts';
import { decodeSlot, sha256, slotOwner, writeRebuildIntent, writeTailJournal } from '../../../src-main/core/archive/write-journal.ts';
import { tempPathFor } from '../../../src-main/core/archive/temp-names.ts';
import type { TailJournal } from '../../../src-main/core/archive/write-journal.ts';
import { withZip } from '../../../src-main/core/archive/zip-reader.ts';
import { comicInfoXml, pages, pythonZipCheck, sha256File, tempDir, writeZip } from '../../helpers/archives.ts';

/** An archive whose ComicInfo.xml is last, so writes take the tail path. */
function book(dir: string): string {
  return writeZip(path.join(dir, 'book.cbz'), [...pages(3, 4096), { name: 'ComicInfo.xml', data: comicInfoXml('v0'), method: 8 }]);
}

async function comicInfoOffset(file: string): Promise<number> {
  return withZip(file, async (zip) => zip.entries.find((e) => e.name === 'ComicInfo.xml')!.localHeaderOffset);
}

/** The undo record writeTail makes for a write that turned `before` into `after` at `position`. */
function recordFor(file: string, before: Buffer, after: Buffer, position: number): TailJournal {
  const st = fs.statSync(file, { bigint: true });
  const tail = before.subarray(position);
  return {
    header: {
      kind: 'tail',
      path: file,
      ...identityOf(st),
      size: before.length,
      mtimeMs: 0,
      position,
      tailSha256: sha256(tail),
      newSize: after.length,
      newTailSha256: sha256(after.subarray(position)),
    },
    tail,
  };
}

/** A slot file name as if another process `pid` owned it (same boot). */
/** Our slot's name with another owner pid: `<thread>-<random>.<boot>.<pid>.slot.lbj`. */
function slotNameFor(ownSlot: string, pid: number): string {
  return path.basename(ownSlot).replace(`.${process.pid}.slot.lbj`, `.${pid}.slot.lbj`);
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid as number;
}

describe('journal slots', () => {
  it('a write journals into one durable slot, clears it afterwards and reuses it', async () => {
    const dir = tempDir('slots');
    const journalDir = path.join(dir, 'journal');
    const file = book(dir);
    for (let i = 1; i <= 3; i++) expect((await writeComicInfo(file, comicInfoXml(`v${i}`), { journalDir })).strategy).toBe('tail');
    const slots = fs.readdirSync(journalDir);
    expect(slots).toHaveLength(1);
    expect(slotOwner(slots[0]!)).toBe('self');
    expect(decodeSlot(fs.readFileSync(path.join(journalDir, slots[0]!))).kind).toBe('empty');
    // Concurrent writes in one thread each get their own slot.
    const other = writeZip(path.join(dir, 'other.cbz'), pages(2));
    await Promise.all([writeComicInfo(file, comicInfoXml('a'), { journalDir }), writeComicInfo(other, comicInfoXml('b'), { journalDir })]);
    expect(fs.readdirSync(journalDir)).toHaveLength(2);
    expect(await recoverJournals(journalDir)).toEqual({ restored: [], completed: [], discarded: [], quarantined: [], tempsRemoved: [] });
  });

  it('a stale record of a completed write never rolls back a newer write', async () => {
    const dir = tempDir('stale');
    const journalDir = path.join(dir, 'journal');
    const file = book(dir);
    const position = await comicInfoOffset(file);
    const v0 = fs.readFileSync(file);
    await writeComicInfo(file, comicInfoXml('A'), { journalDir });
    const afterA = fs.readFileSync(file);
    // Write A's record, left valid as if clearing it had been lost, in a slot held on to, so...
    await writeTailJournal(journalDir, recordFor(file, v0, afterA, position));
    // ...write B goes through another slot and completes.
    await writeComicInfo(file, comicInfoXml('B'), { journalDir });
    const afterB = fs.readFileSync(file);

    const report = await recoverJournals(journalDir);
    expect(report.restored).toEqual([]);
    expect(report.quarantined).toMatchObject([{ path: file, reason: expect.stringMatching(/finished write/) }]);
    expect(fs.readFileSync(file).equals(afterB)).toBe(true);
    expect(pythonZipCheck(file).comicInfo).toEqual([comicInfoXml('B')]);
    // Every slot is left holding nothing, so a second recovery has nothing to do.
    for (const name of fs.readdirSync(journalDir).filter((n) => n.endsWith('.slot.lbj'))) {
      expect(decodeSlot(fs.readFileSync(path.join(journalDir, name))).kind).toBe('empty');
    }
    expect((await recoverJournals(journalDir)).quarantined).toEqual([]);
  });

  it('a write torn mid-tail is restored byte for byte; one that finished is kept', async () => {
    const dir = tempDir('torn');
    const journalDir = path.join(dir, 'journal');
    const file = book(dir);
    const position = await comicInfoOffset(file);
    const v0 = fs.readFileSync(file);
    await writeComicInfo(file, comicInfoXml('a longer title, so the tail grows'), { journalDir });
    const v1 = fs.readFileSync(file);
    fs.writeFileSync(file, v0);
    const journal = recordFor(file, v0, v1, position);

    // Torn: half of the new tail over the old one, the size not yet changed.
    await writeTailJournal(journalDir, journal);
    const torn = Buffer.from(v0);
    v1.subarray(position, position + (v0.length - position) / 2).copy(torn, position);
    fs.writeFileSync(file, torn);
    expect((await recoverJournals(journalDir)).restored).toEqual([file]);
    expect(fs.readFileSync(file).equals(v0)).toBe(true);

    // Finished: the record's new tail is all there.
    await writeTailJournal(journalDir, journal);
    fs.writeFileSync(file, v1);
    expect((await recoverJournals(journalDir)).completed).toEqual([file]);
    expect(fs.readFileSync(file).equals(v1)).toBe(true);
  });

  it("leaves a live process's slots alone and removes a dead owner's after applying it", async () => {
    const dir = tempDir('owners');
    const journalDir = path.join(dir, 'journal');
    const file = book(dir);
    const position = await comicInfoOffset(file);
    const v0 = fs.readFileSync(file);
    await writeComicInfo(file, comicInfoXml('new'), { journalDir });
    const v1 = fs.readFileSync(file);
    fs.writeFileSync(file, v0);
    const written = await writeTailJournal(journalDir, recordFor(file, v0, v1, position));
    const record = fs.readFileSync(written.path);
    await written.release();
    // The same record under two other owners: our parent (alive) and an exited process.
    const live = path.join(journalDir, slotNameFor(written.path, process.ppid));
    const dead = path.join(journalDir, slotNameFor(written.path, deadPid()));
    fs.writeFileSync(live, record);
    fs.writeFileSync(dead, record);
    expect([slotOwner(path.basename(live)), slotOwner(path.basename(dead))]).toEqual(['live', 'dead']);
    // The archive as a crash mid-write left it: new bytes over the old end record.
    const torn = Buffer.from(v0);
    v1.subarray(v1.length - 30).copy(torn, v0.length - 30);
    fs.writeFileSync(file, torn);

    expect((await recoverJournals(journalDir)).restored).toEqual([file]);
    expect(fs.readFileSync(file).equals(v0)).toBe(true);
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.readFileSync(live).equals(record)).toBe(true);
  });

  it('quarantines a record whose file was replaced, discards torn ones, never applies blindly', async () => {
    const dir = tempDir('recover');
    const journalDir = path.join(dir, 'j');
    const file = writeZip(path.join(dir, 'a.cbz'), pages(2));
    const st = fs.statSync(file, { bigint: true });
    const tail = fs.readFileSync(file).subarray(100);
    const written = await writeTailJournal(journalDir, {
      header: { kind: 'tail', path: file, dev: st.dev.toString(), ino: (st.ino + 1n).toString(), size: Number(st.size), mtimeMs: 0, position: 100, tailSha256: sha256(tail), newSize: 200, newTailSha256: '' },
      tail,
    });
    // A record torn while being written: right magic, body not what its checksum says.
    const torn = Buffer.from(fs.readFileSync(written.path));
    torn[torn.length - 1]! ^= 0xff;
    const tornSlot = path.join(journalDir, slotNameFor(written.path, deadPid()));
    fs.writeFileSync(tornSlot, torn);
    const before = sha256File(file);
    const report = await recoverJournals(journalDir);
    expect(report.quarantined).toHaveLength(1);
    expect(report.discarded).toEqual([tornSlot]);
    expect(sha256File(file)).toBe(before);
    expect(fs.readdirSync(path.join(journalDir, 'quarantine'))).toHaveLength(1);
    expect(fs.existsSync(tornSlot)).toBe(false);
  });

  it("leaves a live process's rebuild temp file alone and removes a dead writer's", async () => {
    const dir = tempDir('rebuild-owners');
    const journalDir = path.join(dir, 'journal');
    const target = book(dir);
    const temp = tempPathFor(target);
    const intentFile = await writeRebuildIntent(journalDir, { kind: 'rebuild', path: target, tempPath: temp });
    fs.writeFileSync(temp, 'half a rebuild');
    const asOwner = (pid: number) => {
      const renamed = path.join(journalDir, path.basename(intentFile).replace(`.${process.pid}.rebuild.json`, `.${pid}.rebuild.json`));
      fs.renameSync(fs.readdirSync(journalDir).map((n) => path.join(journalDir, n)).find((n) => n.endsWith('.rebuild.json'))!, renamed);
    };
    asOwner(process.ppid);
    expect((await recoverJournals(journalDir)).tempsRemoved).toEqual([]);
    expect(fs.existsSync(temp)).toBe(true);
    asOwner(deadPid());
    expect((await recoverJournals(journalDir)).tempsRemoved).toEqual([temp]);
    expect(fs.existsSync(temp)).toBe(false);
    expect(fs.readdirSync(journalDir).filter((n) => n.endsWith('.rebuild.json'))).toEqual([]);
  });
});
