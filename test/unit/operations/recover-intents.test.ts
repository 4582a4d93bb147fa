import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { identityOf } from '../../../src-main/core/archive/durable-fs.ts';
import { sha256, writeTailJournal } from '../../../src-main/core/archive/write-journal.ts';
import { recoverInFlight } from '../../../src-main/core/operations/recover-intents.ts';
import { intentsDir, renameWithIntent, writeIntent } from '../../../src-main/core/operations/rename-intent.ts';
import { sandbox, writeCbz } from './helpers.ts';
import type { Sandbox } from './helpers.ts';

let sb: Sandbox;
let from: string;
let to: string;
let bytes: Buffer;
beforeEach(async () => {
  sb = await sandbox();
  from = await writeCbz(sb, 'Foo/Foo 1.cbz');
  to = path.join(sb.root, 'Foo', 'Foo - Chapter 0001.cbz');
  bytes = await fs.readFile(from);
});
afterEach(async () => sb.cleanup());

const exists = (p: string) => fs.access(p).then(() => true, () => false);

describe('rename intents and recoverInFlight', () => {
  it('a successful rename keeps its intent open until recorded; recovery reports it completed', async () => {
    const open: string[] = [];
    expect((await renameWithIntent(sb.journalDir, from, to, 9, open)).ok).toBe(true);
    expect(open).toHaveLength(1);
    expect(await recoverInFlight(sb.journalDir)).toEqual([{ kind: 'rename', from, to, outcome: 'completed', fileId: 9 }]);
    expect(await fs.readFile(to)).toEqual(bytes);
    expect(await fs.readdir(intentsDir(sb.journalDir))).toEqual([]);
  });

  it('a refused claim clears its intent at once', async () => {
    await fs.writeFile(to, 'someone else');
    const open: string[] = [];
    expect((await renameWithIntent(sb.journalDir, from, to, 9, open)).ok).toBe(false);
    expect(open).toEqual([]);
    expect(await fs.readdir(intentsDir(sb.journalDir))).toEqual([]);
    expect(await fs.readFile(from)).toEqual(bytes);
  });

  it('crash after the intent, before the rename: rolled back, file at its old name', async () => {
    await writeIntent(sb.journalDir, { from, to, at: 1, fileId: 9 });
    expect(await recoverInFlight(sb.journalDir)).toEqual([{ kind: 'rename', from, to, outcome: 'rolled-back', fileId: 9 }]);
    expect(await fs.readFile(from)).toEqual(bytes);
    expect(await exists(to)).toBe(false);
    expect(await fs.readdir(intentsDir(sb.journalDir))).toEqual([]);
  });

  it('crash between link and unlink (two names, one file): completed, source name removed', async () => {
    await writeIntent(sb.journalDir, { from, to, at: 1 });
    await fs.link(from, to);
    expect(await recoverInFlight(sb.journalDir)).toEqual([{ kind: 'rename', from, to, outcome: 'completed' }]);
    expect(await exists(from)).toBe(false);
    expect(await fs.readFile(to)).toEqual(bytes);
  });

  it('crash holding an empty placeholder (no-hard-link file systems): rolled back, placeholder removed', async () => {
    await writeIntent(sb.journalDir, { from, to, at: 1 });
    await fs.writeFile(to, '');
    expect((await recoverInFlight(sb.journalDir))[0]?.outcome).toBe('rolled-back');
    expect(await exists(to)).toBe(false);
    expect(await fs.readFile(from)).toEqual(bytes);
  });

  it('crash after the rename, before the intent was removed: completed, nothing applied twice', async () => {
    await writeIntent(sb.journalDir, { from, to, at: 1 });
    await fs.rename(from, to);
    expect((await recoverInFlight(sb.journalDir))[0]?.outcome).toBe('completed');
    expect(await fs.readFile(to)).toEqual(bytes);
    // Running recovery again is a no-op.
    expect(await recoverInFlight(sb.journalDir)).toEqual([]);
  });

  it('the target belongs to someone else: ours stays at the old name, theirs untouched', async () => {
    await writeIntent(sb.journalDir, { from, to, at: 1 });
    await fs.writeFile(to, 'another file');
    expect((await recoverInFlight(sb.journalDir))[0]?.outcome).toBe('rolled-back');
    expect(await fs.readFile(to, 'utf8')).toBe('another file');
    expect(await fs.readFile(from)).toEqual(bytes);
  });

  it('a torn intent is discarded; a file gone from both names is reported missing', async () => {
    await fs.mkdir(intentsDir(sb.journalDir), { recursive: true });
    await fs.writeFile(path.join(intentsDir(sb.journalDir), '0-torn.intent.json'), '{"from":"/x","t');
    await writeIntent(sb.journalDir, { from: path.join(sb.root, 'gone.cbz'), to: path.join(sb.root, 'gone2.cbz'), at: 1 });
    expect(await recoverInFlight(sb.journalDir)).toEqual([
      { kind: 'rename', from: path.join(sb.root, 'gone.cbz'), to: path.join(sb.root, 'gone2.cbz'), outcome: 'missing' },
    ]);
    expect(await fs.readdir(intentsDir(sb.journalDir))).toEqual([]);
    expect(await fs.readFile(from)).toEqual(bytes);
  });

  it('works on a fresh data folder (no journal dir yet)', async () => {
    expect(await recoverInFlight(path.join(sb.dir, 'nothing-here'))).toEqual([]);
  });

  it('first recovers archive write journals: a torn tail write is rolled back byte-for-byte', async () => {
    const stat = await fs.stat(from);
    const position = stat.size - 22; // the end record
    const handle = await fs.open(from, 'r+');
    const oldTail = bytes.subarray(position);
    const newTail = Buffer.alloc(40, 7);
    await writeTailJournal(sb.journalDir, {
      header: {
        kind: 'tail',
        path: from,
        ...identityOf(await handle.stat({ bigint: true })),
        size: stat.size,
        mtimeMs: stat.mtimeMs,
        position,
        tailSha256: sha256(oldTail),
        newSize: position + newTail.length,
        newTailSha256: sha256(newTail),
      },
      tail: Buffer.from(oldTail),
    });
    // Crash mid-write: part of the new tail is on disk.
    await handle.write(newTail.subarray(0, 30), 0, 30, position);
    await handle.close();
    await writeIntent(sb.journalDir, { from, to, at: 1 });

    const recovered = await recoverInFlight(sb.journalDir);
    expect(recovered).toEqual([
      { kind: 'write', from, to: from, outcome: 'rolled-back' },
      { kind: 'rename', from, to, outcome: 'rolled-back' },
    ]);
    expect(await fs.readFile(from)).toEqual(bytes);
  });

  it("leaves a live process's intent alone and settles a dead process's one", async () => {
    const file = await writeIntent(sb.journalDir, { from, to, at: 1, fileId: 9 });
    const ownedBy = async (pid: number) => {
      const renamed = file.replace(`.${process.pid}.intent.json`, `.${pid}.intent.json`);
      await fs.rename(file, renamed).catch(() => {});
      return renamed;
    };
    // The test runner's parent is alive: as if the app were mid-rename while the CLI starts.
    const live = await ownedBy(process.ppid);
    expect(await recoverInFlight(sb.journalDir)).toEqual([]);
    expect(await exists(live)).toBe(true);
    // A pid that has exited: its intent is reconciled like any crash leftover.
    const { spawnSync } = await import('node:child_process');
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    await fs.rename(live, live.replace(`.${process.ppid}.intent.json`, `.${dead}.intent.json`));
    expect(await recoverInFlight(sb.journalDir)).toEqual([{ kind: 'rename', from, to, outcome: 'rolled-back', fileId: 9 }]);
    expect(await fs.readdir(intentsDir(sb.journalDir))).toEqual([]);
  });
});
