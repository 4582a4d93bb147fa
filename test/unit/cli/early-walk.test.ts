/**
 * The CLI starts find on the library folders of a command that rescans them, before it loads
 * the rest of itself (server/early-walk.ts). Each walk is handed out once, for the real path
 * of its folder, marked `early` so the scanner trusts only its digest.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findWalk } from '../../../src-main/core/library/find-walk.ts';
import { startEarlyWalks } from '../../../src-main/server/early-walk.ts';
import { tempDir } from '../../helpers/archives.ts';

const dir = tempDir('early-walk');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(process.platform === 'linux')('early walks', () => {
  it('walks each --library folder of a rescanning command once, under its real path', async () => {
    const library = join(dir, 'library');
    mkdirSync(join(library, 'Saga'), { recursive: true });
    writeFileSync(join(library, 'Saga', 'Saga 001.cbz'), 'x');
    const link = join(dir, 'link to library');
    symlinkSync(library, link);
    const early = startEarlyWalks(['run', 'normalize', '--all', '--library', link, '--json'])!;
    expect(early.take(link)).toBeUndefined();
    const walk = await early.take(library);
    expect(walk).toMatchObject({ early: true, digest: (await findWalk(library))!.digest });
    expect(walk!.files()!.map((f) => f.relPath)).toEqual(['Saga/Saga 001.cbz']);
    expect(early.take(library)).toBeUndefined();
  });

  it('nothing for commands that do not rescan, or without a folder that exists', () => {
    expect(startEarlyWalks(['jobs', 'list'])).toBeUndefined();
    expect(startEarlyWalks(['serve', '--library', dir])).toBeUndefined();
    expect(startEarlyWalks(['scan'])).toBeUndefined();
    expect(startEarlyWalks(['scan', '--library', join(dir, 'no such folder')])).toBeUndefined();
  });
});
