import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePng } from '../../../src-main/core/demo/png.ts';
import { comicInfo, ctxFor, listFiles, run, sandbox, treeState, valuesAt } from './helpers.ts';
import type { Sandbox } from './helpers.ts';
import { buildRar5 } from './rar5-fixture.ts';

let sb: Sandbox;
beforeEach(async () => {
  sb = await sandbox();
});
afterEach(async () => sb.cleanup());

async function writeCbr(relPath: string, fields?: Record<string, string>): Promise<string> {
  const abs = path.join(sb.root, ...relPath.split('/'));
  await fs.mkdir(path.dirname(abs), { recursive: true });
  const files = [
    { name: '001.png', data: makePng(16, 16, 1) },
    { name: '002.png', data: makePng(16, 16, 2) },
    ...(fields ? [{ name: 'ComicInfo.xml', data: Buffer.from(comicInfo(fields)) }] : []),
  ];
  await fs.writeFile(abs, buildRar5(files));
  return abs;
}

describe('CBR', () => {
  it("read-only: process fails CBR_READ_ONLY and changes nothing", async () => {
    await writeCbr('Foo/Foo 3.cbr');
    const before = await treeState(sb.root);
    const out = await run('process', sb, 'Foo/Foo 3.cbr', ctxFor(sb));
    expect(out).toMatchObject({ state: 'failed', code: 'CBR_READ_ONLY', fileStatus: 'error' });
    const dry = await run('normalize', sb, 'Foo/Foo 3.cbr', ctxFor(sb, {}, true));
    expect(dry).toMatchObject({ state: 'failed', code: 'CBR_READ_ONLY' });
    expect(await treeState(sb.root)).toEqual(before);
  });

  it('read-only: a rename (file name only) still works', async () => {
    await writeCbr('Foo/Foo 3.CBR');
    const out = await run('rename', sb, 'Foo/Foo 3.CBR', ctxFor(sb));
    expect(out).toMatchObject({ state: 'done', newRelPath: 'Foo/Foo - Chapter 0003.cbr' });
  });

  it("cbrMode 'convert': process converts to CBZ with the new ComicInfo; the original goes to the trash port", async () => {
    const cbr = await writeCbr('Foo/Foo 3.cbr', { Writer: 'W' });
    const trashed: string[] = [];
    const ctx = { ...ctxFor(sb, { cbrMode: 'convert' }), trash: async (p: string) => void trashed.push(p) };
    const dry = await run('process', sb, 'Foo/Foo 3.cbr', { ...ctx, dryRun: true });
    const out = await run('process', sb, 'Foo/Foo 3.cbr', ctx);
    expect(out).toMatchObject({ state: 'done', fileStatus: 'processed', newRelPath: 'Foo/Foo - Chapter 0003.cbz' });
    expect(out.actions).toEqual(['converted to CBZ', 'metadata written', 'renamed to Foo - Chapter 0003.cbz']);
    expect(dry.actions).toEqual(out.actions);
    expect(dry.newRelPath).toBe(out.newRelPath);
    expect(trashed).toEqual([cbr]);
    expect(out.pendingTrash).toBeUndefined();
    expect(await valuesAt(path.join(sb.root, 'Foo', 'Foo - Chapter 0003.cbz'))).toEqual({ Series: 'Foo', Number: '3', Title: 'Chapter 3', Writer: 'W' });
    expect(out.metadata?.pageCount).toBe(2);
  });

  it('without a trash port the original is left in place and listed in pendingTrash', async () => {
    const cbr = await writeCbr('Foo/Foo 3.cbr');
    const out = await run('convert', sb, 'Foo/Foo 3.cbr', ctxFor(sb));
    expect(out).toMatchObject({ state: 'done', newRelPath: 'Foo/Foo 3.cbz', pendingTrash: [cbr] });
    expect(await listFiles(sb.root)).toEqual(['Foo/Foo 3.cbr', 'Foo/Foo 3.cbz']);
    // Converting again: the .cbz is never overwritten.
    const again = await run('convert', sb, 'Foo/Foo 3.cbr', ctxFor(sb));
    expect(again).toMatchObject({ state: 'failed', code: 'TARGET_EXISTS' });
    // A zip is not converted.
    const zip = await run('convert', sb, 'Foo/Foo 3.cbz', ctxFor(sb));
    expect(zip).toMatchObject({ state: 'skipped', code: 'ARCHIVE_UNSUPPORTED' });
  });
});
