/**
 * A rescan whose find walk has the digest stored when a scan last found every row equal to the
 * tree compares no row (library-scanner.ts `#indexedAndWalked`). That shortcut is only right
 * while neither side changed: the disk (the digest differs) or the rows (migration 17's
 * triggers clear the digest on any write, by any module or process). Real files, real SQLite,
 * real find.
 */
import { mkdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/core/db/open-database.ts';
import { findWalk, type TreeWalk } from '../../../src-main/core/library/find-walk.ts';
import { filesOf, splitRoot, walkShare } from '../../../src-main/core/library/library-walker.ts';
import { tempDir } from '../../helpers/archives.ts';
import { scannerOn, type ScannerHarness } from '../../helpers/scanner-harness.ts';
import { writeTinyLibrary } from '../../helpers/tiny-library.ts';

const open: Db[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function scannedLibrary(count: number, early?: () => Promise<TreeWalk | null> | undefined): Promise<{ library: string; dbFile: string; ours: ScannerHarness; rootId: number }> {
  const dir = tempDir('longbox-scan-digest-');
  dirs.push(dir);
  const library = join(dir, 'library');
  await writeTinyLibrary(library, count);
  const dbFile = join(dir, 'longbox.db');
  const ours = scannerOn(dbFile, { find: true, ...(early ? { early } : {}) });
  open.push(ours.db);
  const rootId = (await ours.roots.add(library, Date.now())).id;
  expect(await ours.scanner.scan(rootId)).toMatchObject({ files: count, added: count, failed: 0 });
  return { library, dbFile, ours, rootId };
}

/** The rows are exactly what the Node walker sees on disk now, field for field. */
function expectRowsAsOnDisk(ours: ScannerHarness, library: string): void {
  const onDisk = filesOf(splitRoot(library, 2).map(walkShare)).sort((x, y) => (x.relPath < y.relPath ? -1 : 1));
  const indexed = ours.db.prepare('SELECT rel_path AS relPath, size, mtime_ms AS mtimeMs, ino FROM files ORDER BY rel_path').all();
  expect(indexed).toEqual(onDisk);
}

function rows(db: Db) {
  return db.prepare('SELECT rel_path, size, mtime_ms, ino, status FROM files ORDER BY rel_path').all();
}

describe.runIf(process.platform === 'linux')('the walk digest', () => {
  it('a scan that leaves the rows equal to the walk stores its digest; the next rescan compares no row', async () => {
    const { ours, rootId } = await scannedLibrary(40);
    expect(ours.roots.walkDigest(rootId)).toMatch(/^find-\d+:/);
    const before = rows(ours.db);
    ours.parses = 0;
    ours.reads.length = 0;
    expect(await ours.scanner.scan(rootId)).toEqual({ files: 40, added: 0, changed: 0, removed: 0, failed: 0, offlineRoots: [] });
    expect(ours.parses).toBe(0);
    expect(ours.reads).toEqual([]);
    expect(rows(ours.db)).toEqual(before);
  });

  it('a row changed by anyone else clears it: the rescan compares every row and puts the row right', async () => {
    const { dbFile, ours, rootId } = await scannedLibrary(20);
    const victim = ours.db.prepare('SELECT id, rel_path, size FROM files ORDER BY rel_path LIMIT 1').get() as { id: number; rel_path: string; size: number };
    // Another process (its own connection) records a size the file does not have.
    const other = openDatabase(dbFile);
    open.push(other);
    other.prepare('UPDATE files SET size = size + 1 WHERE id = ?').run(victim.id);
    expect(ours.roots.walkDigest(rootId)).toBeNull();
    ours.parses = 0;
    expect(await ours.scanner.scan(rootId)).toMatchObject({ files: 20, added: 0, changed: 1, removed: 0 });
    expect(ours.parses).toBe(1);
    expect(ours.db.prepare('SELECT size FROM files WHERE id = ?').get(victim.id)).toEqual({ size: victim.size });
    // Equal again: the digest is back, and the next rescan is a lookup again.
    expect(ours.roots.walkDigest(rootId)).not.toBeNull();
    ours.parses = 0;
    expect(await ours.scanner.scan(rootId)).toMatchObject({ files: 20, changed: 0 });
    expect(ours.parses).toBe(0);
  });

  it('every kind of write to a row clears it: insert, delete, path, status', async () => {
    const { ours, rootId } = await scannedLibrary(6);
    const digest = ours.roots.walkDigest(rootId)!;
    const restore = () => ours.roots.setWalkDigest(rootId, digest);
    const { id } = ours.db.prepare('SELECT id FROM files LIMIT 1').get() as { id: number };
    const writes = [
      () => ours.db.prepare("UPDATE files SET status = 'processed' WHERE id = ?").run(id),
      () => ours.db.prepare("UPDATE files SET rel_path = rel_path || 'x' WHERE id = ?").run(id),
      () => ours.db.prepare('UPDATE files SET mtime_ms = mtime_ms + 1 WHERE id = ?').run(id),
      () => ours.db.prepare("UPDATE files SET ino = 'elsewhere' WHERE id = ?").run(id),
      () => ours.db.prepare('DELETE FROM files WHERE id = ?').run(id),
      () =>
        ours.db
          .prepare("INSERT INTO files (root_id, rel_path, folder, name, name_key, ext, size, mtime_ms, ino) VALUES (?, 'new.cbz', '', 'new.cbz', 'new', 'cbz', 1, 1, 'i')")
          .run(rootId),
    ];
    for (const write of writes) {
      restore();
      write();
      expect(ours.roots.walkDigest(rootId), String(write)).toBeNull();
    }
  });

  it('changes on disk are all found: added, removed, rewritten, moved', async () => {
    const { library, ours, rootId } = await scannedLibrary(30);
    const paths = (ours.db.prepare('SELECT rel_path FROM files ORDER BY rel_path').all() as Array<{ rel_path: string }>).map((r) => r.rel_path);
    const [gone, touched, moved] = paths;
    rmSync(join(library, gone!));
    utimesSync(join(library, touched!), new Date(), new Date(2001, 1, 1));
    renameSync(join(library, moved!), join(library, 'moved here.cbz'));
    writeFileSync(join(library, 'brand new.cbz'), 'not a zip');
    ours.parses = 0;
    expect(await ours.scanner.scan(rootId)).toMatchObject({ files: 30, added: 1, changed: 2, removed: 1, failed: 1 });
    // Every folder changed here is the root's top level: compared by folder, no full parse.
    expect(ours.parses).toBe(0);
    expectRowsAsOnDisk(ours, library);
  });

  it('a file whose read failed is read again at every rescan, digest or not', async () => {
    const { library, ours, rootId } = await scannedLibrary(10);
    writeFileSync(join(library, 'broken.cbz'), 'GIF89a, not an archive');
    expect(await ours.scanner.scan(rootId)).toMatchObject({ files: 11, added: 1, failed: 1 });
    expect(ours.roots.walkDigest(rootId)).not.toBeNull();
    ours.parses = 0;
    ours.reads.length = 0;
    expect(await ours.scanner.scan(rootId)).toMatchObject({ files: 11, added: 0, changed: 0, failed: 1 });
    expect(ours.parses).toBe(0);
    expect(ours.reads).toEqual([join(library, 'broken.cbz')]);
    // Its row was written again (cleared by the trigger), and the digest stored again.
    expect(ours.roots.walkDigest(rootId)).not.toBeNull();
  });

  it('a walk begun before the scan (the CLI’s early walk) serves only as proof that nothing changed', async () => {
    let early: Promise<TreeWalk | null> | undefined;
    const take = () => {
      const walk = early;
      early = undefined;
      return walk;
    };
    const { library, dbFile, ours, rootId } = await scannedLibrary(8, take);
    const walkEarly = (root: string) => (early = findWalk(root).then((tree) => tree && { ...tree, early: true }));

    // Nothing changed: the early walk is the scan's only walk.
    walkEarly(library);
    ours.walks = 0;
    ours.parses = 0;
    expect(await ours.scanner.scan(rootId)).toMatchObject({ files: 8, added: 0, changed: 0, removed: 0 });
    expect(ours.walks).toBe(1);
    expect(ours.parses).toBe(0);

    // Another process renames a file, on disk and in the index, after the early walk listed its
    // old name, and scans (storing the new tree's digest). Compared with rows read now, the
    // early walk would move the row back to the old name.
    // With folder digests, the early walk only names the changed folder's files, each stat'ed
    // after the rows are read: one walk. Without them, every row would be compared with it: it
    // is walked again.
    const other = scannerOn(dbFile, { find: true });
    open.push(other.db);
    for (const [round, withFolders] of [false, true].entries()) {
      const moved = ours.db.prepare('SELECT id, rel_path FROM files ORDER BY rel_path LIMIT 1').get() as { id: number; rel_path: string };
      const target = moved.rel_path.replace(/\.cbz$/, ` (renamed ${round}).cbz`);
      await walkEarly(library);
      renameSync(join(library, moved.rel_path), join(library, target));
      other.db.prepare('UPDATE files SET rel_path = ?, name = ? WHERE id = ?').run(target, target.split('/').at(-1), moved.id);
      await other.scanner.scan(rootId);
      expect(other.roots.walkDigest(rootId)).not.toBeNull();
      if (!withFolders) other.db.prepare('DELETE FROM folder_digests').run();
      ours.walks = 0;
      expect(await ours.scanner.scan(rootId)).toMatchObject({ files: 8, added: 0, changed: 0, removed: 0 });
      expect(ours.walks).toBe(withFolders ? 1 : 2);
      expect(ours.db.prepare('SELECT rel_path FROM files WHERE id = ?').get(moved.id)).toEqual({ rel_path: target });
      expectRowsAsOnDisk(ours, library);
    }
  });

  it('a change in a few folders compares only their rows, and stores their digests again', async () => {
    const { library, dbFile, ours, rootId } = await scannedLibrary(1000);
    const folders = ours.index.folderDigests(rootId);
    expect(folders.size).toBeGreaterThan(3);
    const rows = ours.db.prepare('SELECT id, rel_path, folder FROM files ORDER BY rel_path').all() as Array<{ id: number; rel_path: string; folder: string }>;
    const [a, b] = [...new Set(rows.map((r) => r.folder))];
    const inA = rows.filter((r) => r.folder === a);
    // On disk: one file of A touched, one moved from A to B, one added to a new folder.
    utimesSync(join(library, inA[0]!.rel_path), new Date(), new Date(2003, 3, 3));
    renameSync(join(library, inA[1]!.rel_path), join(library, b!, 'moved in.cbz'));
    mkdirSync(join(library, 'New Folder'));
    writeFileSync(join(library, 'New Folder', 'new.cbz'), 'not a zip');
    // In the index, by another process: a row of a third folder, as a job would change it.
    const c = rows.find((r) => r.folder !== a && r.folder !== b)!;
    const other = openDatabase(dbFile);
    open.push(other);
    other.prepare('UPDATE files SET size = size + 1 WHERE id = ?').run(c.id);
    expect(ours.index.folderDigests(rootId).has(c.folder)).toBe(false);

    const full = vi.spyOn(ours.index, 'indexedRows');
    const byFolder = vi.spyOn(ours.index, 'rowsInFolders');
    expect(await ours.scanner.scan(rootId)).toMatchObject({ files: 1001, added: 1, changed: 3, removed: 0, failed: 1 });
    expect(full).not.toHaveBeenCalled();
    expect(new Set(byFolder.mock.calls[0]![1])).toEqual(new Set([a, b, c.folder, 'New Folder']));
    expect(ours.db.prepare('SELECT rel_path FROM files WHERE id = ?').get(inA[1]!.id)).toEqual({ rel_path: `${b}/moved in.cbz` });
    expectRowsAsOnDisk(ours, library);
    // Every folder is proven again (the new one's file failed to read: its row is an error).
    expect([...ours.index.folderDigests(rootId).keys()].sort()).toEqual([...new Set([...folders.keys(), 'New Folder'])].sort());
    full.mockClear();
    byFolder.mockClear();
    expect(await ours.scanner.scan(rootId)).toMatchObject({ files: 1001, added: 0, changed: 0, removed: 0, failed: 1 });
    // Every changed folder ended as its walk listed it: the whole tree's digest is back too.
    expect(full).not.toHaveBeenCalled();
    expect(byFolder).not.toHaveBeenCalled();
  });

  it('a folder removed from disk loses its rows and its digest', async () => {
    const { library, ours, rootId } = await scannedLibrary(400);
    const folder = [...ours.index.folderDigests(rootId).keys()].find((f) => f !== '')!;
    const inIt = (ours.db.prepare('SELECT COUNT(*) AS n FROM files WHERE folder = ?').get(folder) as { n: number }).n;
    rmSync(join(library, folder), { recursive: true });
    expect(await ours.scanner.scan(rootId)).toMatchObject({ files: 400 - inIt, removed: inIt });
    expect(ours.index.folderDigests(rootId).has(folder)).toBe(false);
    expectRowsAsOnDisk(ours, library);
  });
});
