/**
 * The first scan of an empty library builds the secondary indexes of `files` once, at its end
 * (LibraryIndex.deferIndexes / restoreIndexes, docs/architecture.md "The one-way scan path"):
 * the schema afterwards is exactly a fresh database's, and a process SIGKILLed while the
 * indexes are set aside gets them back at its next start. Real SQLite files, a real CLI process.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/core/db/open-database.ts';
import { LibraryIndex } from '../../../src-main/core/library/index/library-index.ts';
import { tempDir } from '../../helpers/core-harness.ts';
import { writeTinyLibrary } from '../../helpers/tiny-library.ts';

const CLI = new URL('../../../src-main/server/cli.ts', import.meta.url).pathname;
const dir = tempDir('bulk-first-scan');
afterAll(() => dir.remove());

type Db = ReturnType<typeof openDatabase>;

/** Every index of `files` with its CREATE statement (null for the UNIQUE constraint's own). */
function fileIndexes(db: Db | Database.Database): Array<{ name: string; sql: string | null }> {
  return db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'files' ORDER BY name").all() as Array<{ name: string; sql: string | null }>;
}

const fresh = (() => {
  const db = openDatabase(path.join(dir.path, 'fresh.db'));
  const indexes = fileIndexes(db);
  db.close();
  return indexes;
})();

describe('bulk first scan: indexes built once at the end', () => {
  it('sets aside only the secondary indexes of an empty index, and a restart brings them back as they were', async () => {
    const file = path.join(dir.path, 'unit.db');
    let db = openDatabase(file);
    let index = new LibraryIndex(db);
    expect(fresh.filter((i) => i.sql).length).toBeGreaterThan(3);
    expect(index.deferIndexes()).toBe(true);
    // Left: the unique (root, path) index the scan's inserts rely on.
    expect(fileIndexes(db)).toEqual(fresh.filter((i) => i.sql === null));
    expect(db.prepare('SELECT COUNT(*) AS n FROM deferred_indexes').get()).toEqual({ n: fresh.filter((i) => i.sql).length });
    // The process dies here: nothing rebuilt them.
    db.close();
    db = openDatabase(file);
    index = new LibraryIndex(db);
    await index.restoreIndexes();
    expect(fileIndexes(db)).toEqual(fresh);
    expect(db.prepare('SELECT COUNT(*) AS n FROM deferred_indexes').get()).toEqual({ n: 0 });
    // An index that holds files is never touched.
    db.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/lib', 0)").run();
    db.prepare("INSERT INTO files (root_id, rel_path, folder, name, name_key, ext, size, mtime_ms, ino) VALUES (1, 'a.cbz', '', 'a', 'a', 'cbz', 1, 1, '1:1')").run();
    expect(index.deferIndexes()).toBe(false);
    expect(fileIndexes(db)).toEqual(fresh);
    db.close();
  });

  it('a longbox scan SIGKILLed while the indexes are set aside: the next start rebuilds them and the rescan completes the index', async () => {
    const COUNT = 10_000;
    const library = path.join(dir.path, 'library');
    const dataDir = path.join(dir.path, 'data');
    await writeTinyLibrary(library, COUNT);
    const child = spawn(process.execPath, [CLI, 'scan', '--library', library, '--data-dir', dataDir, '--json'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Kill it the moment the set-aside is committed (polled from another connection), before
    // the scan can have finished reading 10k archives.
    let killedMidScan = false;
    let done = false;
    void exited.then(() => (done = true));
    while (!done) {
      try {
        const peek = new Database(path.join(dataDir, 'longbox.db'), { readonly: true, fileMustExist: true, timeout: 1000 });
        const n = (peek.prepare('SELECT COUNT(*) AS n FROM deferred_indexes').get() as { n: number }).n;
        peek.close();
        if (n > 0) {
          child.kill('SIGKILL');
          killedMidScan = true;
          break;
        }
      } catch {
        // No database yet, or not migrated yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await exited;
    expect(killedMidScan).toBe(true);
    const rescan = spawnSync(process.execPath, [CLI, 'scan', '--library', library, '--data-dir', dataDir, '--json'], { encoding: 'utf8' });
    expect(rescan.status).toBe(0);
    const db = new Database(path.join(dataDir, 'longbox.db'), { readonly: true });
    try {
      expect(fileIndexes(db)).toEqual(fresh);
      expect(db.prepare('SELECT COUNT(*) AS n FROM deferred_indexes').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM files').get()).toEqual({ n: COUNT });
      expect(db.prepare("SELECT COUNT(*) AS n FROM files WHERE status = 'error' OR page_count IS NULL").get()).toEqual({ n: 0 });
      // The search index and the counts kept up through both runs.
      expect(db.prepare("SELECT COUNT(*) AS n FROM files_search WHERE files_search MATCH 'Series'").get()).toEqual({ n: COUNT });
      expect(db.prepare('SELECT SUM(n) AS n FROM file_counts').get()).toEqual({ n: COUNT });
    } finally {
      db.close();
    }
  });
});
