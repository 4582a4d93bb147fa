import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_FILES } from '../../../src-main/core/demo/sample-library.ts';
import { readArchiveSummary } from '../../../src-main/core/archive/inspect-archive.ts';
import { ctxFor, listFiles, run, sandbox, treeState, valuesAt, writeCbz } from './helpers.ts';
import type { Sandbox } from './helpers.ts';

let sb: Sandbox;
afterEach(async () => sb.cleanup());

describe('process on the demo library', () => {
  beforeEach(async () => {
    sb = await sandbox(true);
  });

  it('normalizes and renames as docs/behaviour.md §3.2–3.3 say', async () => {
    const ctx = ctxFor(sb);
    const outcomes = new Map<string, Awaited<ReturnType<typeof run>>>();
    for (const file of SAMPLE_FILES) outcomes.set(file.relPath, await run('process', sb, file.relPath, ctx));

    const batman = outcomes.get('Batman_ Year One/Batman - Year One 001 (1987) (Digital).cbz')!;
    expect(batman.state).toBe('done');
    expect(batman.fileStatus).toBe('processed');
    expect(batman.newRelPath).toBe('Batman_ Year One/Batman_ Year One - Chapter 0001.cbz');
    expect(batman.after?.values).toMatchObject({ Series: 'Batman: Year One', Number: '1', Title: 'Chapter 1' });
    expect(batman.before?.values).toEqual({});
    expect(batman.metadata).toMatchObject({ series: 'Batman: Year One', number: '1', title: 'Chapter 1', pageCount: 3 });
    expect(await valuesAt(path.join(sb.root, 'Batman_ Year One', 'Batman_ Year One - Chapter 0001.cbz'))).toMatchObject({
      Series: 'Batman: Year One',
      Number: '1',
      Title: 'Chapter 1',
    });

    // A tagged file: the number is canonicalized, the title overwritten, extras preserved.
    const csm = outcomes.get('Chainsaw Man/Chainsaw Man v01 c003.cbz')!;
    expect(csm.newRelPath).toBe('Chainsaw Man/Chainsaw Man - Chapter 0003.cbz');
    expect(csm.after?.values).toMatchObject({ Number: '3', Title: 'Chapter 3', Series: 'Chainsaw Man', Volume: '1', Manga: 'YesAndRightToLeft' });
    const summary = await readArchiveSummary(path.join(sb.root, 'Chainsaw Man', 'Chainsaw Man - Chapter 0003.cbz'));
    expect(summary.comicInfoXml).toContain('<Page Image="0" Type="FrontCover"');

    const saga = outcomes.get('Saga/Saga #055 (2018).cbz')!;
    expect(saga.after?.values).toMatchObject({ Title: 'Chapter 55', Number: '55', Publisher: 'Image' });
    const sagaXml = (await readArchiveSummary(path.join(sb.root, 'Saga', 'Saga - Chapter 0055.cbz'))).comicInfoXml;
    expect(sagaXml).toContain('ty:Tracker');

    // Upper-case extension lower-cased.
    expect(outcomes.get('Chainsaw Man/Chainsaw Man v01 c002.CBZ')!.newRelPath).toBe('Chainsaw Man/Chainsaw Man - Chapter 0002.cbz');
    // Numbers inside series names lose.
    expect(outcomes.get('Fairy Tail 100 Years Quest/Fairy Tail 100 Years Quest 5.cbz')!.newRelPath).toBe(
      'Fairy Tail 100 Years Quest/Fairy Tail 100 Years Quest - Chapter 0005.cbz',
    );
    expect(outcomes.get('X-Men 97/X-Men 97 014.cbz')!.newRelPath).toBe('X-Men 97/X-Men 97 - Chapter 0014.cbz');
    // Already named right: metadata written, name kept.
    const op = outcomes.get('One Piece/One Piece - Chapter 1001.cbz')!;
    expect(op.state).toBe('done');
    expect(op.newRelPath).toBeUndefined();
    expect(op.actions).toEqual(['metadata written', 'name kept']);

    // A volume file (no number): Volume written, Number left empty, named by the volume
    // template ("Berserk v02" already is); the "Volumes" folder only sorts, the series is Berserk.
    const berserk = outcomes.get('Berserk/Volumes/Berserk v02.cbz')!;
    expect(berserk).toMatchObject({ state: 'done', changed: true, actions: ['metadata written', 'name kept'] });
    expect(await valuesAt(path.join(sb.root, 'Berserk', 'Volumes', 'Berserk v02.cbz'))).toEqual({ Series: 'Berserk', Volume: '2' });

    expect(await listFiles(sb.root)).toContain('Loose - Chapter 0007.cbz');
    // The only rename intents left are the ones handed to the caller (the engine clears them
    // after its commit); nothing else leaks into the journal folder.
    const open = [...outcomes.values()].flatMap((o) => o.openIntents ?? []).map((f) => path.basename(f));
    expect(open.length).toBeGreaterThan(0);
    expect((await fs.readdir(path.join(sb.journalDir, 'intents'))).sort()).toEqual(open.sort());
  });

  it('does not write an already-normalized file: bytes and mtime unchanged, marked processed', async () => {
    const ctx = ctxFor(sb);
    const first = await run('process', sb, 'Batman_ Year One/Batman - Year One 001 (1987) (Digital).cbz', ctx);
    const before = await treeState(sb.root);
    const again = await run('process', sb, first.newRelPath!, ctx);
    expect(again).toMatchObject({ state: 'skipped', fileStatus: 'processed', changed: false, actions: ['already normalized', 'name kept'] });
    expect(again.code).toBeUndefined();
    expect(again.metadata).toBeUndefined();
    expect(await treeState(sb.root)).toEqual(before);
  });

  it('dry-run writes nothing and plans what the real run does', async () => {
    const before = await treeState(sb.root);
    const dry = new Map<string, Awaited<ReturnType<typeof run>>>();
    for (const file of SAMPLE_FILES) dry.set(file.relPath, await run('process', sb, file.relPath, ctxFor(sb, {}, true)));
    expect(await treeState(sb.root)).toEqual(before);
    await expect(fs.access(sb.journalDir)).rejects.toThrow();

    for (const file of SAMPLE_FILES) {
      const real = await run('process', sb, file.relPath, ctxFor(sb));
      const planned = dry.get(file.relPath)!;
      expect({ file: file.relPath, ...pick(planned) }).toEqual({ file: file.relPath, ...pick(real) });
    }
  });
});

function pick(o: Awaited<ReturnType<typeof run>>) {
  return { state: o.state, code: o.code, fileStatus: o.fileStatus, newRelPath: o.newRelPath, actions: o.actions, values: o.after?.values, changed: o.changed };
}

describe('process: duplicates, failures', () => {
  beforeEach(async () => {
    sb = await sandbox();
  });

  it('two files mapping to one name: one renamed, the other a duplicate left intact', async () => {
    await writeCbz(sb, 'Foo/Foo 1.cbz', undefined, 1);
    await writeCbz(sb, 'Foo/Foo 01.cbz', undefined, 2);
    const ctx = ctxFor(sb);
    const first = await run('process', sb, 'Foo/Foo 1.cbz', ctx);
    expect(first.newRelPath).toBe('Foo/Foo - Chapter 0001.cbz');
    const state = await treeState(sb.root);
    const second = await run('process', sb, 'Foo/Foo 01.cbz', ctx);
    expect(second).toMatchObject({ state: 'skipped', code: 'TARGET_EXISTS', fileStatus: 'duplicate', changed: false });
    expect(await treeState(sb.root)).toEqual(state);
  });

  it('moves a duplicate to <duplicates folder>/<parent>/<name>, never overwriting', async () => {
    const dups = path.join(sb.dir, 'dups');
    await writeCbz(sb, 'Foo/Foo 1.cbz', undefined, 1);
    await writeCbz(sb, 'Foo/Foo 01.cbz', undefined, 2);
    await writeCbz(sb, 'Foo/Foo 001.cbz', undefined, 3);
    const original = await fs.readFile(path.join(sb.root, 'Foo', 'Foo 01.cbz'));
    // Something already sits at the first duplicate name.
    await fs.mkdir(path.join(dups, 'Foo'), { recursive: true });
    await fs.writeFile(path.join(dups, 'Foo', 'Foo 01.cbz'), 'occupied');

    const ctx = ctxFor(sb, { duplicatesFolder: dups });
    await run('process', sb, 'Foo/Foo 1.cbz', ctx);
    const dup = await run('process', sb, 'Foo/Foo 01.cbz', ctx);
    expect(dup).toMatchObject({ state: 'skipped', code: 'TARGET_EXISTS', fileStatus: 'duplicate', changed: true });
    expect(dup.newAbsPath).toBe(path.join(dups, 'Foo', 'Foo 01 (2).cbz'));
    expect(dup.newRelPath).toBeUndefined(); // outside the library root
    expect(dup.after?.absPath).toBe(dup.newAbsPath);
    expect(await fs.readFile(dup.newAbsPath!)).toEqual(original);
    expect(await fs.readFile(path.join(dups, 'Foo', 'Foo 01.cbz'), 'utf8')).toBe('occupied');

    // The explicit move-duplicate kind.
    const moved = await run('move-duplicate', sb, 'Foo/Foo 001.cbz', ctx);
    expect(moved).toMatchObject({ state: 'done', fileStatus: 'duplicate', newAbsPath: path.join(dups, 'Foo', 'Foo 001.cbz') });
    expect(await listFiles(path.join(sb.root))).toEqual(['Foo/Foo - Chapter 0001.cbz']);
  });

  it('refuses a file that changed since the job recorded it (ARCHIVE_CHANGED)', async () => {
    await writeCbz(sb, 'Foo/Foo 1.cbz');
    const before = await treeState(sb.root);
    const out = await run('process', sb, 'Foo/Foo 1.cbz', ctxFor(sb), { expected: { size: 1, mtimeMs: 2 } });
    expect(out).toMatchObject({ state: 'failed', code: 'ARCHIVE_CHANGED', fileStatus: 'error' });
    expect(await treeState(sb.root)).toEqual(before);
  });

  it('a truncated archive fails with the archive error code, bytes unchanged', async () => {
    const abs = await writeCbz(sb, 'Foo/Foo 1.cbz');
    const bytes = await fs.readFile(abs);
    await fs.writeFile(abs, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const before = await treeState(sb.root);
    for (const kind of ['process', 'normalize', 'rename', 'edit'] as const) {
      const out = await run(kind, sb, 'Foo/Foo 1.cbz', ctxFor(sb), { patch: { Title: 'x' } });
      expect(out.state).toBe('failed');
      expect(out.code).toMatch(/^ARCHIVE_/);
      expect(out.fileStatus).toBe('error');
    }
    expect(await treeState(sb.root)).toEqual(before);
  });

  it('hostile ComicInfo (DTD) fails with its code, bytes unchanged', async () => {
    const abs = path.join(sb.root, 'Foo', 'Foo 1.cbz');
    await fs.mkdir(path.dirname(abs), { recursive: true });
    const { buildCbz } = await import('../../../src-main/core/demo/sample-library.ts');
    const xml = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><ComicInfo><Title>&a;</Title></ComicInfo>';
    await fs.writeFile(abs, await buildCbz({ pages: 1, comicInfo: xml }));
    const before = await treeState(sb.root);
    const out = await run('process', sb, 'Foo/Foo 1.cbz', ctxFor(sb));
    expect(out).toMatchObject({ state: 'failed', code: 'COMICINFO_FORBIDDEN_DTD' });
    expect(await treeState(sb.root)).toEqual(before);
  });
});
