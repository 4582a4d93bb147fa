import { LongboxError } from '../../../src-shared/contract/errors.ts';
import type { Root, WatchMode } from '../../../src-shared/contract/library.ts';
import type { Db } from '../db/open-database.ts';
import type { LibraryIndex } from './index/library-index.ts';
import { isInside } from './library-paths.ts';
import { libraryFolder } from './path-confinement.ts';

interface RootRow {
  id: number;
  path: string;
  online: number;
  last_scan_at: number | null;
  watch_mode: WatchMode;
  poll_minutes: number;
}

export class RootsRepo {
  readonly #db: Db;
  readonly #index: LibraryIndex;
  constructor(db: Db, index: LibraryIndex) {
    this.#db = db;
    this.#index = index;
  }

  list(): Root[] {
    const rows = this.#db
      .prepare('SELECT id, path, online, last_scan_at, watch_mode, poll_minutes FROM roots ORDER BY path')
      .all() as RootRow[];
    return rows.map((row) => toRoot(row, this.#index.fileCount(row.id)));
  }

  get(id: number): Root {
    const root = this.list().find((r) => r.id === id);
    if (!root) throw new LongboxError('ROOT_NOT_FOUND', `No library folder with id ${id}.`);
    return root;
  }

  /** Adds a folder by its real path, so one folder reached through two symlinks is one root. */
  async add(path: string, now: number): Promise<Root> {
    const real = await libraryFolder(path);
    const existing = this.list().find((r) => r.path === real);
    if (existing) throw new LongboxError('ROOT_EXISTS', `Already a library folder: ${real}`);
    const nested = this.list().find((r) => isInside(r.path, real) || isInside(real, r.path));
    if (nested) {
      throw new LongboxError('ROOT_EXISTS', `Overlaps the library folder ${nested.path}; a file must belong to one root.`);
    }
    const { lastInsertRowid } = this.#db
      .prepare('INSERT INTO roots (path, added_at) VALUES (?, ?)')
      .run(real, now);
    return this.get(Number(lastInsertRowid));
  }

  remove(id: number): void {
    const { changes } = this.#db.prepare('DELETE FROM roots WHERE id = ?').run(id);
    if (changes === 0) throw new LongboxError('ROOT_NOT_FOUND', `No library folder with id ${id}.`);
  }

  setOnline(id: number, online: boolean): void {
    this.#db.prepare('UPDATE roots SET online = ? WHERE id = ?').run(online ? 1 : 0, id);
  }

  setWatchMode(id: number, watchMode: WatchMode, pollMinutes: number | undefined): Root {
    const { changes } = this.#db
      .prepare('UPDATE roots SET watch_mode = ?, poll_minutes = COALESCE(?, poll_minutes) WHERE id = ?')
      .run(watchMode, pollMinutes ?? null, id);
    if (changes === 0) throw new LongboxError('ROOT_NOT_FOUND', `No library folder with id ${id}.`);
    return this.get(id);
  }

  /**
   * The digest of the walk (library/find-walk.ts) a scan last found the root's rows exactly
   * equal to, or null. Any change to the root's rows clears it (triggers, migration 17), so a
   * walk with the same digest proves the index still matches the disk.
   */
  walkDigest(id: number): string | null {
    const row = this.#db.prepare<[number], { walk_digest: string | null }>('SELECT walk_digest FROM roots WHERE id = ?').get(id);
    return row?.walk_digest ?? null;
  }

  setWalkDigest(id: number, digest: string): void {
    this.#db.prepare('UPDATE roots SET walk_digest = ? WHERE id = ?').run(digest, id);
  }

  markScanned(id: number, now: number): void {
    this.#db.prepare('UPDATE roots SET last_scan_at = ?, online = 1 WHERE id = ?').run(now, id);
  }
}

function toRoot(row: RootRow, fileCount: number): Root {
  return {
    id: row.id,
    path: row.path,
    online: row.online === 1,
    lastScanAt: row.last_scan_at,
    fileCount,
    watchMode: row.watch_mode,
    pollMinutes: row.poll_minutes,
  };
}
