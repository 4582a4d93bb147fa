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
import { tempDir } from '../../helpers/archives.ts';
import { scannerOn as harnessOn } from '../../helpers/scanner-harness.ts';
import { writeTinyLibrary } from '../../helpers/tiny-library.ts';

const open: Db[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// The pool's walk, and find's (Linux): with find, a rescan first compares the walk's digest
// with the one stored at the last scan, and reads the rows after the walk.
const walkers = process.platform === 'linux' ? [{ find: false }, { find: true }] : [{ find: false }];

describe.each(walkers)('the scan reads the index while the tree is walked (find: $find)', ({ find }) => {
  const scannerOn = (dbFile: string, afterWalk: () => void) => {
    const harness = harnessOn(dbFile, { find, afterWalk });
    open.push(harness.db);
    return harness;
  };

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
    ours.walks = 0;
    const again = await ours.scanner.scan(root.id);

    expect(ours.walks).toBe(2);
    expect(again).toMatchObject({ files: 6, added: 0, removed: 0, failed: 0 });
    const row = ours.db.prepare('SELECT rel_path FROM files WHERE id = ?').get(moved.id) as { rel_path: string };
    expect(row.rel_path).toBe(target);
    expect(ours.db.prepare('SELECT COUNT(*) AS n FROM files').get()).toEqual({ n: 6 });
  });

  it('no other commit meanwhile: one walk', async () => {
    const dir = tempDir('longbox-scan-snapshot-');
    dirs.push(dir);
    const library = join(dir, 'library');
    await writeTinyLibrary(library, 4);
    const ours = scannerOn(join(dir, 'longbox.db'), () => {});
    const root = await ours.roots.add(library, Date.now());
    await ours.scanner.scan(root.id);
    ours.walks = 0;
    expect(await ours.scanner.scan(root.id)).toMatchObject({ files: 4, added: 0, changed: 0, removed: 0 });
    expect(ours.walks).toBe(1);
  });
});
