import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeComicInfo } from '../../../src-main/core/archive/write-comicinfo.ts';
import { runOperation } from '../../../src-main/core/operations/run-operation.ts';
import { comicInfo, ctxFor, itemFor, listFiles, run, sandbox, treeState, valuesAt, writeCbz } from './helpers.ts';
import type { Sandbox } from './helpers.ts';

let sb: Sandbox;
beforeEach(async () => {
  sb = await sandbox();
});
afterEach(async () => sb.cleanup());

describe('rename', () => {
  it('renames from ComicInfo values and the parsed name, without writing the archive', async () => {
    const abs = await writeCbz(sb, 'Foo/whatever 12.5.cbz', { Series: 'Bar: Baz', Number: '12.50' });
    const bytes = await fs.readFile(abs);
    const out = await run('rename', sb, 'Foo/whatever 12.5.cbz', ctxFor(sb));
    expect(out).toMatchObject({ state: 'done', fileStatus: 'processed', newRelPath: 'Foo/Bar_ Baz - Chapter 0012.5.cbz', changed: true });
    expect(out.after?.size).toBe(out.before?.size);
    expect(out.after?.mtimeMs).toBe(out.before?.mtimeMs);
    expect(await fs.readFile(path.join(sb.root, 'Foo', 'Bar_ Baz - Chapter 0012.5.cbz'))).toEqual(bytes);
  });

  it('untagged file: number and series from the file name', async () => {
    await writeCbz(sb, 'Foo/Foo ch. 7 (2020).cbz');
    const out = await run('rename', sb, 'Foo/Foo ch. 7 (2020).cbz', ctxFor(sb));
    expect(out.newRelPath).toBe('Foo/Foo - Chapter 0007.cbz');
  });

  it('no number → skipped NO_NUMBER, untouched', async () => {
    await writeCbz(sb, 'Foo/Foo.cbz');
    const before = await treeState(sb.root);
    const out = await run('rename', sb, 'Foo/Foo.cbz', ctxFor(sb));
    expect(out).toMatchObject({ state: 'skipped', code: 'NO_NUMBER', changed: false });
    expect(out.fileStatus).toBeUndefined();
    expect(await treeState(sb.root)).toEqual(before);
  });

  it('same name → skipped "name kept", marked processed', async () => {
    await writeCbz(sb, 'Foo/Foo - Chapter 0003.cbz');
    const out = await run('rename', sb, 'Foo/Foo - Chapter 0003.cbz', ctxFor(sb));
    expect(out).toMatchObject({ state: 'skipped', fileStatus: 'processed', actions: ['name kept'] });
  });

  it('collision → duplicate, never overwriting', async () => {
    await writeCbz(sb, 'Foo/Foo - Chapter 0003.cbz', undefined, 1);
    await writeCbz(sb, 'Foo/Foo 3.cbz', undefined, 2);
    const before = await treeState(sb.root);
    const out = await run('rename', sb, 'Foo/Foo 3.cbz', ctxFor(sb));
    expect(out).toMatchObject({ state: 'skipped', code: 'TARGET_EXISTS', fileStatus: 'duplicate' });
    expect(await treeState(sb.root)).toEqual(before);
  });

  it('a case-only rename is a rename, not a duplicate', async () => {
    await writeCbz(sb, 'Foo/foo - chapter 0003.cbz', { Series: 'Foo', Number: '3' });
    const out = await run('rename', sb, 'Foo/foo - chapter 0003.cbz', ctxFor(sb));
    expect(out).toMatchObject({ state: 'done', fileStatus: 'processed', newRelPath: 'Foo/Foo - Chapter 0003.cbz' });
    expect(await listFiles(sb.root)).toEqual(['Foo/Foo - Chapter 0003.cbz']);
  });
});

describe('normalize', () => {
  it('writes number/title/series only; never renames', async () => {
    await writeCbz(sb, 'Batman_ Year One/Batman 005.cbz', { Title: 'The Joker', Number: '5', Writer: 'Frank Miller' });
    const out = await run('normalize', sb, 'Batman_ Year One/Batman 005.cbz', ctxFor(sb));
    expect(out).toMatchObject({ state: 'done', fileStatus: 'processed', actions: ['metadata written'] });
    expect(out.newRelPath).toBeUndefined();
    expect(out.after?.values).toEqual({ Title: 'Chapter 5', Series: 'Batman: Year One', Number: '5', Writer: 'Frank Miller' });
    expect(out.metadata?.series).toBe('Batman: Year One');
  });

  it('a file directly in the root keeps its series tag', async () => {
    await writeCbz(sb, 'Loose 4.cbz', { Series: 'Kept' });
    const out = await run('normalize', sb, 'Loose 4.cbz', ctxFor(sb));
    expect(out.after?.values).toMatchObject({ Series: 'Kept', Number: '4', Title: 'Chapter 4' });
  });
});

describe('edit', () => {
  it('applies a patch; a no-op patch writes nothing', async () => {
    const abs = await writeCbz(sb, 'Foo/Foo 1.cbz', { Series: 'Foo', Number: '1', Title: 'Old' });
    const out = await run('edit', sb, 'Foo/Foo 1.cbz', ctxFor(sb), { patch: { Publisher: 'Image', Title: null } });
    expect(out).toMatchObject({ state: 'done', changed: true });
    expect(out.fileStatus).toBeUndefined();
    expect(await valuesAt(abs)).toEqual({ Series: 'Foo', Number: '1', Publisher: 'Image' });

    const before = await treeState(sb.root);
    const noop = await run('edit', sb, 'Foo/Foo 1.cbz', ctxFor(sb), { patch: { Publisher: 'Image', Title: null } });
    expect(noop).toMatchObject({ state: 'skipped', changed: false, actions: ['no changes'] });
    expect(await treeState(sb.root)).toEqual(before);
  });
});

describe('undo', () => {
  it('restores the file name and ComicInfo values of a processed file', async () => {
    await writeCbz(sb, 'Foo/Foo 7.cbz', { Title: 'Real title', Writer: 'W' });
    const done = await run('process', sb, 'Foo/Foo 7.cbz', ctxFor(sb));
    expect(done.newRelPath).toBe('Foo/Foo - Chapter 0007.cbz');

    const item = await itemFor(sb, done.newRelPath!, { restore: { ...done.before!, status: 'unprocessed' }, guard: done.after! });
    const dry = await runOperation('undo', item, ctxFor(sb, {}, true));
    expect(dry).toMatchObject({ state: 'done', newRelPath: 'Foo/Foo 7.cbz' });
    expect(await listFiles(sb.root)).toEqual(['Foo/Foo - Chapter 0007.cbz']);

    const undone = await runOperation('undo', item, ctxFor(sb));
    expect(undone).toMatchObject({ state: 'done', newRelPath: 'Foo/Foo 7.cbz', fileStatus: 'unprocessed' });
    expect(await listFiles(sb.root)).toEqual(['Foo/Foo 7.cbz']);
    expect(await valuesAt(path.join(sb.root, 'Foo', 'Foo 7.cbz'))).toEqual({ Title: 'Real title', Writer: 'W' });
  });

  it('refuses a file changed since the job (FILE_CHANGED_SINCE_JOB), leaving it alone', async () => {
    await writeCbz(sb, 'Foo/Foo 7.cbz');
    const done = await run('process', sb, 'Foo/Foo 7.cbz', ctxFor(sb));
    const abs = path.join(sb.root, ...done.newRelPath!.split('/'));
    const stat = await fs.stat(abs);
    await writeComicInfo(abs, comicInfo({ Series: 'Edited by hand', Number: '7' }), {
      journalDir: sb.journalDir,
      expected: { size: stat.size, mtimeMs: stat.mtimeMs },
    });
    const before = await treeState(sb.root);
    const item = await itemFor(sb, done.newRelPath!, { restore: done.before!, guard: done.after! });
    const out = await runOperation('undo', item, ctxFor(sb));
    expect(out).toMatchObject({ state: 'failed', code: 'FILE_CHANGED_SINCE_JOB' });
    expect(await treeState(sb.root)).toEqual(before);

    // Values equal but the file moved away: refused too.
    await fs.rename(abs, path.join(sb.root, 'Foo', 'elsewhere.cbz'));
    const gone = await runOperation('undo', item, ctxFor(sb));
    expect(gone).toMatchObject({ state: 'failed', code: 'FILE_CHANGED_SINCE_JOB' });
  });

  it('never overwrites when the old name has been taken meanwhile', async () => {
    await writeCbz(sb, 'Foo/Foo 7.cbz', undefined, 1);
    const done = await run('process', sb, 'Foo/Foo 7.cbz', ctxFor(sb));
    await writeCbz(sb, 'Foo/Foo 7.cbz', undefined, 2);
    const before = await treeState(sb.root);
    const item = await itemFor(sb, done.newRelPath!, { restore: done.before!, guard: done.after! });
    const out = await runOperation('undo', item, ctxFor(sb));
    expect(out).toMatchObject({ state: 'failed', code: 'TARGET_EXISTS' });
    expect(await treeState(sb.root)).toEqual(before);
  });

  it('undoes a move to a duplicates folder outside the root', async () => {
    const dups = path.join(sb.dir, 'dups');
    await writeCbz(sb, 'Foo/Foo 1.cbz', undefined, 1);
    await writeCbz(sb, 'Foo/Foo 01.cbz', undefined, 2);
    const ctx = ctxFor(sb, { duplicatesFolder: dups });
    await run('process', sb, 'Foo/Foo 1.cbz', ctx);
    const dup = await run('process', sb, 'Foo/Foo 01.cbz', ctx);
    const item = { fileId: 1, rootPath: sb.root, relPath: dup.after!.relPath, expected: { size: 0, mtimeMs: 0 }, restore: dup.before!, guard: dup.after! };
    const out = await runOperation('undo', item, ctx);
    expect(out).toMatchObject({ state: 'done', newRelPath: 'Foo/Foo 01.cbz' });
    expect(await listFiles(sb.root)).toEqual(['Foo/Foo - Chapter 0001.cbz', 'Foo/Foo 01.cbz']);
  });
});
