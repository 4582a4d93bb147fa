/**
 * GNU find as the walker (library/find-walk.ts) must give exactly what the Node walker gives —
 * the same archives, the same size, mtime (to the last bit) and inode key, the same temp files —
 * or nothing at all, so the scan falls back. A field that differs by one bit would make every
 * rescan read the whole library again; a file listed by one and not the other would be added
 * or removed by a rescan.
 */
import { mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempPathFor } from '../../../src-main/core/archive/temp-names.ts';
import { findWalk } from '../../../src-main/core/library/find-walk.ts';
import { filesOf, splitRoot, walkShare, type WalkedFile } from '../../../src-main/core/library/library-walker.ts';
import { tempDir } from '../../helpers/archives.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const onLinux = process.platform === 'linux';

function put(root: string, rel: string, bytes = 'x'): string {
  const file = join(root, ...rel.split('/'));
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

/** A tree with everything the walker's rules tell apart. */
function awkwardTree(): string {
  const root = tempDir('longbox-find-walk-');
  dirs.push(root);
  const archives = [
    'Top Level 01.cbz',
    'Saga/Saga 001.cbz',
    'Saga/Saga 002.CBZ',
    'Saga/Extras/Saga Art Book.Cbr',
    'Manga/ワンピース/第1巻.cb7',
    'Manga/Café & Co/Vol. 1 [Digital] (2020).cbz',
    'Spaces  and\ttabs/odd\nname.cbz',
    'Deep/a/b/c/d/e/f/g/deep.cbr',
    'x.cbz/inside a folder named like an archive.cbz',
  ];
  archives.forEach((rel, i) => put(root, rel, 'z'.repeat(i + 1)));
  // Not archives, or not library content: never listed.
  for (const rel of ['Saga/cover.jpg', 'Saga/notes.txt', 'Saga/archive.cbz.part', '.hidden.cbz', '.git/objects/a.cbz', '@eaDir/Saga 001.cbz/SYNOFILE_THUMB_M.cbz', 'Saga/@eaDir/t.cbz', '#recycle/old.cbz', 'Saga/.DS_Store']) {
    put(root, rel);
  }
  // Our temp files, at the top and deeper: reported, never indexed.
  put(root, tempPathFor(join(root, 'Top Level 01.cbz')).slice(root.length + 1));
  put(root, tempPathFor(join(root, 'Saga', 'Saga 001.cbz')).slice(root.length + 1));
  // Symlinks are not followed below the root, to files or to folders.
  symlinkSync(join(root, 'Saga', 'Saga 001.cbz'), join(root, 'link to file.cbz'));
  symlinkSync(join(root, 'Saga'), join(root, 'link to folder'));
  // Times with and without a fraction, and before the nanosecond digits run out.
  utimesSync(join(root, 'Saga', 'Saga 001.cbz'), 1_000_000_000, 1_000_000_000);
  utimesSync(join(root, 'Saga', 'Saga 002.CBZ'), 1_234_567_890.123_456, 1_234_567_890.987_654_3);
  utimesSync(join(root, 'Top Level 01.cbz'), 1, 1.5);
  return root;
}

function byPath(files: WalkedFile[]) {
  return new Map(files.map((f) => [f.relPath, f]));
}

function nodeWalk(root: string) {
  const parts = splitRoot(root, 3).map(walkShare);
  return { files: new Map(filesOf(parts).map((f) => [f.relPath, f])), temps: parts.flatMap((p) => p.temps ?? []).sort() };
}

describe.runIf(onLinux)('findWalk', () => {
  it('lists exactly the archives, stat fields and temp files the Node walker does', async () => {
    const root = awkwardTree();
    const tree = await findWalk(root);
    expect(tree).not.toBeNull();
    const files = tree!.files();
    expect(files).not.toBeNull();
    const expected = nodeWalk(root);
    expect(expected.files.size).toBe(9);
    const found = byPath(files!);
    expect([...found.keys()].sort()).toEqual([...expected.files.keys()].sort());
    for (const [relPath, file] of expected.files) expect(found.get(relPath), relPath).toEqual(file);
    expect([...tree!.temps].sort()).toEqual(expected.temps);
    expect(expected.temps).toHaveLength(2);
  });

  it('a root that is itself a symlink is followed, like the walker’s readdir', async () => {
    const root = awkwardTree();
    const parent = tempDir('longbox-find-link-');
    dirs.push(parent);
    const link = join(parent, 'library');
    symlinkSync(root, link);
    const files = (await findWalk(link))!.files()!;
    expect([...byPath(files).keys()].sort()).toEqual([...nodeWalk(root).files.keys()].sort());
  });

  it('the digest changes with any listed file’s path, size or mtime, not with hidden ones', async () => {
    const root = awkwardTree();
    const digest = async () => (await findWalk(root))!.digest;
    const before = await digest();
    expect(await digest()).toBe(before);
    put(root, 'Saga/.hidden notes');
    put(root, '.git/objects/b.cbz');
    expect(await digest()).toBe(before);
    // Other files are listed too (find tests names more slowly than we do): a change, to be safe.
    put(root, 'Saga/another cover.png');
    const first = await digest();
    expect(first).not.toBe(before);
    utimesSync(join(root, 'Saga', 'Saga 001.cbz'), 1_000_000_000, 1_000_000_000.000_001);
    const touched = await digest();
    expect(touched).not.toBe(first);
    put(root, 'Saga/Saga 001.cbz', 'longer content');
    utimesSync(join(root, 'Saga', 'Saga 001.cbz'), 1_000_000_000, 1_000_000_000.000_001);
    const grown = await digest();
    expect(grown).not.toBe(touched);
    renameSync(join(root, 'Saga', 'Saga 002.CBZ'), join(root, 'Saga', 'Saga 002 renamed.CBZ'));
    expect(await digest()).not.toBe(grown);
  });

  it('a name that is not UTF-8 is left to the walker (it reports NAME_INVALID)', async () => {
    const root = awkwardTree();
    writeFileSync(Buffer.concat([Buffer.from(`${root}/Saga/bad `), Buffer.from([0xff, 0xfe]), Buffer.from('.cbz')]), 'x');
    const tree = await findWalk(root);
    expect(tree?.files() ?? null).toBeNull();
  });

  it('a file that is not an archive may have any name: find is still used, and it is not listed', async () => {
    const root = awkwardTree();
    writeFileSync(Buffer.concat([Buffer.from(`${root}/Saga/notes `), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]), 'x');
    const files = (await findWalk(root))!.files();
    expect(files).not.toBeNull();
    expect([...byPath(files!).keys()].sort()).toEqual([...nodeWalk(root).files.keys()].sort());
  });

  it('a stopped walk gives nothing (the CLI stops the walks its command did not take)', async () => {
    const root = awkwardTree();
    expect(await findWalk(root, { signal: AbortSignal.abort() })).toBeNull();
  });

  it('a root that is gone, or not absolute, gives nothing', async () => {
    const root = awkwardTree();
    expect(await findWalk(join(root, 'no such folder'))).toBeNull();
    expect(await findWalk('relative/path')).toBeNull();
  });

  it('an empty root is an empty walk with a digest of its own', async () => {
    const root = tempDir('longbox-find-empty-');
    dirs.push(root);
    const tree = (await findWalk(root))!;
    expect(tree.files()).toEqual([]);
    put(root, 'a.cbz');
    expect((await findWalk(root))!.digest).not.toBe(tree.digest);
  });
});
