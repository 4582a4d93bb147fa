/**
 * The scan reads the index while the pool walks the tree (library-scanner.ts
 * `#indexedAndWalked`). Rows read after the walk listed a file must not be newer than that
 * listing: here another connection (as another process would) renames a file on disk and in
 * the index right after the walk saw its old name, before this scan reads the rows. The scan
 * must notice the foreign commit, read and walk again, and leave the row where the file is.
 */
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/core/db/open-database.ts';
import { FileClaims } from '../../../src-main/core/exec/file-claims.ts';
import { LibraryIndex } from '../../../src-main/core/library/index/library-index.ts';
import { LibraryScanner, type ScanReader } from '../../../src-main/core/library/library-scanner.ts';
import { walkShare } from '../../../src-main/core/library/library-walker.ts';
import { RootsRepo } from '../../../src-main/core/library/roots-repo.ts';
import { readMetadataBatch } from '../../../src-main/core/operations/read-file-metadata.ts';
import { tempDir } from '../../helpers/archives.ts';
import { writeTinyLibrary } from '../../helpers/tiny-library.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const open: Db[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A scanner on a real database, reading in this thread; `afterWalk` runs once a walk has listed the tree. */
function scannerOn(dbFile: string, afterWalk: () => void) {
  const db = openDatabase(dbFile);
  open.push(db);
  const index = new LibraryIndex(db);
  const roots = new RootsRepo(db, index);
  const walks: number[] = [];
  const read: ScanReader = {
    walk: async (share) => {
      const listed = walkShare(share);
      walks.push(listed.relPaths.length);
      afterWalk();
      return listed;
    },
    metadata: (paths) => readMetadataBatch(paths),
    parallelism: 1,
    warm() {},
  };
  const scanner = new LibraryScanner({
    index,
    roots,
    locks: { withRoot: (_root, _signal, work) => work() },
    claims: new FileClaims(db),
    read,
    logger: quiet,
    now: Date.now,
  });
  return { db, index, roots, scanner, walks };
}

describe('the scan reads the index while the pool walks', () => {
  it('another process renaming a file between the walk and the index read: walked again, the row stays where the file is', async () => {
    const dir = tempDir('longbox-scan-snapshot-');
    dirs.push(dir);
    const library = join(dir, 'library');
    await writeTinyLibrary(library, 6);
    const dbFile = join(dir, 'longbox.db');
    let renameOnce: (() => void) | null = null;
    const ours = scannerOn(dbFile, () => {
      const rename = renameOnce;
      renameOnce = null;
      rename?.();
    });
    const root = await ours.roots.add(library, Date.now());
    const first = await ours.scanner.scan(root.id);
    expect(first.added).toBe(6);
    const before = ours.db.prepare('SELECT id, rel_path FROM files ORDER BY rel_path').all() as Array<{ id: number; rel_path: string }>;
    const moved = before[0]!;
    const target = moved.rel_path.replace(/\.cbz$/, ' (renamed).cbz');

    // The other process: the file and its row move together, committed on its own connection.
    const other = openDatabase(dbFile);
    open.push(other);
    renameOnce = () => {
      renameSync(join(library, moved.rel_path), join(library, target));
      other.prepare('UPDATE files SET rel_path = ?, name = ? WHERE id = ?').run(target, target.split('/').at(-1), moved.id);
    };
    ours.walks.length = 0;
    const again = await ours.scanner.scan(root.id);

    expect(ours.walks.length).toBe(2);
    expect(again).toMatchObject({ files: 6, added: 0, removed: 0, failed: 0 });
    const row = ours.db.prepare('SELECT rel_path FROM files WHERE id = ?').get(moved.id) as { rel_path: string };
    expect(row.rel_path).toBe(target);
    expect(ours.db.prepare('SELECT COUNT(*) AS n FROM files').get()).toEqual({ n: 6 });
  });

  it('no other commit meanwhile: one walk, overlapping the index read', async () => {
    const dir = tempDir('longbox-scan-snapshot-');
    dirs.push(dir);
    const library = join(dir, 'library');
    await writeTinyLibrary(library, 4);
    const ours = scannerOn(join(dir, 'longbox.db'), () => {});
    const root = await ours.roots.add(library, Date.now());
    await ours.scanner.scan(root.id);
    ours.walks.length = 0;
    expect(await ours.scanner.scan(root.id)).toMatchObject({ files: 4, added: 0, changed: 0, removed: 0 });
    expect(ours.walks).toEqual([4]);
  });
});
