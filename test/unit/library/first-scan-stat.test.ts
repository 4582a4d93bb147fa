/**
 * A first scan lists the root without a `stat` per file and keys each row on the `fstat` of the
 * read instead (docs/architecture.md, "The one-way scan path"). Its rows must be exactly what
 * a stat walk — a rescan's view — sees, or every later rescan would read the whole library
 * again; and a file that vanishes between the listing and its read is not indexed. Real files,
 * real SQLite, real pool threads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/core/db/open-database.ts';
import { FileClaims } from '../../../src-main/core/exec/file-claims.ts';
import { FileLocks } from '../../../src-main/core/exec/file-locks.ts';
import { WorkerPool } from '../../../src-main/core/exec/worker-pool.ts';
import { LibraryIndex } from '../../../src-main/core/library/index/library-index.ts';
import { LibraryScanner } from '../../../src-main/core/library/library-scanner.ts';
import { filesOf, splitRoot, walkShare, type WalkShare } from '../../../src-main/core/library/library-walker.ts';
import { RootsRepo } from '../../../src-main/core/library/roots-repo.ts';
import { quietLogger, startTestCore, tempDir } from '../../helpers/core-harness.ts';
import { writeTinyLibrary } from '../../helpers/tiny-library.ts';

const dir = tempDir('first-scan-stat');
afterAll(() => dir.remove());

interface StatRow {
  rel_path: string;
  size: number;
  mtime_ms: number;
  ino: string;
  status: string;
  error_code: string | null;
}

describe('first scan: the read’s fstat is the row’s stat', () => {
  // The Node walker lists only and keys rows on the read's fstat; find (on Linux) stats as it lists.
  it.each([{ findWalk: false }, { findWalk: true }])('rows equal a stat walk of the same tree, field for field, and a rescan finds nothing changed (%o)', async ({ findWalk }) => {
    const root = path.join(dir.path, `library-${findWalk}`);
    await writeTinyLibrary(root, 600);
    // Not only plain zips: an unreadable one (its row is an error, keyed on a plain stat), an
    // empty file, and a loose archive at the top level.
    fs.writeFileSync(path.join(root, 'Series 0000', 'not a zip.cbz'), 'GIF89a, not an archive');
    fs.writeFileSync(path.join(root, 'Series 0001', 'empty.cbz'), '');
    fs.copyFileSync(path.join(root, 'Series 0000', 'Series ch000.cbz'), path.join(root, 'loose.cbz'));
    const core = await startTestCore(path.join(dir.path, `data-${findWalk}`), { findWalk });
    try {
      const added = await core.dispatch('library.roots.add', { path: root });
      expect(added).toMatchObject({ ok: true, value: { fileCount: 603 } });
      const rows = core.sqlite.prepare('SELECT rel_path, size, mtime_ms, ino, status, error_code FROM files').all() as StatRow[];
      // The rescan's view: the walker's stat of every archive.
      const walked = filesOf(splitRoot(root, 3).map(walkShare));
      const byPath = new Map(rows.map((r) => [r.rel_path, { size: r.size, mtimeMs: r.mtime_ms, ino: r.ino }]));
      expect(byPath.size).toBe(603);
      for (const file of walked) expect(byPath.get(file.relPath), file.relPath).toEqual({ size: file.size, mtimeMs: file.mtimeMs, ino: file.ino });
      expect(rows.filter((r) => r.status === 'error').map((r) => [r.rel_path, r.error_code])).toEqual([
        ['Series 0000/not a zip.cbz', 'ARCHIVE_BAD_MAGIC'],
        ['Series 0001/empty.cbz', 'ARCHIVE_EMPTY'],
      ]);
      const rootId = (added as { value: { id: number } }).value.id;
      expect(await core.dispatch('library.scan', { rootId })).toMatchObject({ ok: true, value: { files: 603, added: 0, changed: 0, removed: 0 } });
    } finally {
      await core.close();
    }
  });

  it('a file removed between the listing and its read is not indexed', async () => {
    const root = path.join(dir.path, 'vanishing');
    const files = await writeTinyLibrary(root, 300);
    const db = openDatabase(path.join(dir.path, 'vanishing.db'));
    const index = new LibraryIndex(db);
    const roots = new RootsRepo(db, index);
    const pool = new WorkerPool({ size: 2, itemTimeoutMs: 60_000 });
    const gone = files.slice(10, 15);
    const scanner = new LibraryScanner({
      index,
      roots,
      locks: new FileLocks(),
      claims: new FileClaims(db),
      read: {
        // The real walk on the pool; the files go right after it listed them, before any read.
        walk: async (share: WalkShare) => {
          const listed = await pool.read('walk', share);
          expect(share.listOnly).toBe(true);
          for (const file of gone) fs.rmSync(file, { force: true });
          return listed;
        },
        metadata: (absPaths) => pool.read('read-metadata', absPaths),
        warm: () => pool.warm(),
        parallelism: 2,
      },
      logger: quietLogger,
      now: () => Date.now(),
    });
    try {
      const rootId = (await roots.add(root, Date.now())).id;
      const result = await scanner.scan(rootId);
      expect(result).toMatchObject({ files: 295, added: 295, failed: 0 });
      const indexed = (db.prepare('SELECT rel_path FROM files').all() as Array<{ rel_path: string }>).map((r) => r.rel_path);
      expect(indexed).toHaveLength(295);
      for (const file of gone) expect(indexed).not.toContain(path.relative(root, file).split(path.sep).join('/'));
    } finally {
      await pool.close();
      db.close();
    }
  });
});
