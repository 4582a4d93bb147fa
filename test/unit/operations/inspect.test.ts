import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src-shared/contract/settings.ts';
import { inspectFile } from '../../../src-main/core/operations/inspect-file.ts';
import { run, ctxFor, sandbox, treeState, writeCbz } from './helpers.ts';
import type { Sandbox } from './helpers.ts';

let sb: Sandbox;
beforeEach(async () => {
  sb = await sandbox(true);
});
afterEach(async () => sb.cleanup());

describe('inspectFile', () => {
  it('reports parsed name, ComicInfo and the process plan, writing nothing', async () => {
    const before = await treeState(sb.root);
    const abs = path.join(sb.root, 'Batman_ Year One', 'Batman - Year One 001 (1987) (Digital).cbz');
    const result = await inspectFile(abs, DEFAULT_SETTINGS, sb.root);
    expect(result).toEqual({
      path: abs,
      parsed: { series: 'Batman - Year One', number: '1', volume: null, year: '1987' },
      comicInfo: null,
      plan: { number: '1', title: 'Chapter 1', series: 'Batman: Year One', fileName: 'Batman_ Year One - Chapter 0001.cbz', action: 'process' },
    });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(await treeState(sb.root)).toEqual(before);
  });

  it('covers the action set', async () => {
    const at = (rel: string) => path.join(sb.root, ...rel.split('/'));
    const action = async (rel: string) => (await inspectFile(at(rel), DEFAULT_SETTINGS, sb.root)).plan.action;
    expect(await action('One Piece/One Piece - Chapter 1001.cbz')).toBe('write-metadata');
    // A volume file is named by the volume template: "Berserk v02" already is.
    expect(await action('Berserk/Volumes/Berserk v02.cbz')).toBe('write-metadata');
    await writeCbz(sb, 'Saga/Saga (2019).cbz');
    expect(await action('Saga/Saga (2019).cbz')).toBe('skip');
    const done = await run('process', sb, 'Saga/Saga #055 (2018).cbz', ctxFor(sb));
    expect(await action(done.newRelPath!)).toBe('none');
    const tagged = await inspectFile(at(done.newRelPath!), DEFAULT_SETTINGS, sb.root);
    expect(tagged.comicInfo).toMatchObject({ Series: 'Saga', Number: '55', Title: 'Chapter 55' });
    await writeCbz(sb, 'Saga/Saga 55.cbz');
    expect(await action('Saga/Saga 55.cbz')).toBe('duplicate');
    await writeCbz(sb, 'Saga/x.cbz', { Series: 'Saga', Number: '60', Title: 'Chapter 60' });
    expect(await action('Saga/x.cbz')).toBe('rename');
  });

  it('a file outside every library takes its parent folder as the series; bad archives throw', async () => {
    const abs = path.join(sb.root, 'X-Men 97', 'X-Men 97 014.cbz');
    expect((await inspectFile(abs, DEFAULT_SETTINGS, null)).plan.series).toBe('X-Men 97');
    await fs.writeFile(path.join(sb.root, 'bad.cbz'), 'PK\x03\x04 not really');
    await expect(inspectFile(path.join(sb.root, 'bad.cbz'), DEFAULT_SETTINGS, sb.root)).rejects.toMatchObject({ code: expect.stringMatching(/^ARCHIVE_/) });
  });
});
