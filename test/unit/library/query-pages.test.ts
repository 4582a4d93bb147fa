/**
 * The library view's pages at any offset, from either end, equal the plain
 * `ORDER BY … LIMIT … OFFSET` over the same rows, and totals and counts (kept by triggers)
 * equal a count of the rows — for every sort, direction, grouping and filter.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LibraryQuerySchema } from '../../../src-shared/contract/library.ts';
import { openDatabase } from '../../../src-main/core/db/open-database.ts';
import { LibraryIndex } from '../../../src-main/core/library/index/library-index.ts';
import { naturalKey } from '../../../src-main/core/library/natural-key.ts';
import { tempDir } from '../../helpers/core-harness.ts';

const dir = tempDir('query-pages');
afterAll(() => dir.remove());
const db = openDatabase(path.join(dir.path, 'longbox.db'));
const index = new LibraryIndex(db);
const STATUSES = ['unprocessed', 'processed', 'duplicate', 'error'];
const N = 997;

db.prepare("INSERT INTO roots (path, added_at) VALUES ('/a', 0), ('/b', 0)").run();
const insert = db.prepare(`INSERT INTO files (root_id, rel_path, folder, name, name_key, ext, size, mtime_ms, ino, series, number, number_sort, status)
  VALUES (?, ?, ?, ?, ?, 'cbz', ?, ?, ?, ?, ?, ?, ?)`);
db.transaction(() => {
  for (let i = 0; i < N; i++) {
    const folder = `Folder ${i % 7}`;
    const name = `File ${(i * 37) % 101} v${i % 3}.cbz`;
    const series = i % 11 === 0 ? null : `Series ${i % 13}`;
    const number = i % 5 === 0 ? null : String(i % 17);
    insert.run(1 + (i % 2), `${folder}/${i}-${name}`, folder, name, naturalKey(name), (i * 7919) % 50, (i * 104729) % 97, `1:${i}`, series, number, number === null ? null : Number(number), STATUSES[i % 4]);
  }
})();
// Some rows change status and some go: the counts must follow.
db.prepare("UPDATE files SET status = 'processed' WHERE id % 9 = 0").run();
db.prepare('DELETE FROM files WHERE id % 31 = 0').run();

const ORDER = { name: ['name_key'], series: ['series COLLATE NOCASE', 'number_sort', 'name_key'], modified: ['mtime_ms', 'name_key'], size: ['size', 'name_key'] } as const;

describe('library pages (500k-ready query plan) = plain SQL', () => {
  for (const sort of ['name', 'series', 'modified', 'size'] as const) {
    for (const direction of ['asc', 'desc'] as const) {
      for (const groupByFolder of [false, true]) {
        for (const filter of ['all', 'processed'] as const) {
          it(`${sort} ${direction}${groupByFolder ? ' grouped' : ''} ${filter}`, () => {
            const where = filter === 'all' ? '' : `WHERE status = '${filter}'`;
            const dir = direction === 'desc' ? 'DESC' : 'ASC';
            const order = [...(groupByFolder ? ['root_id', 'folder COLLATE NOCASE'] : []), ...ORDER[sort].map((c) => `${c} ${dir}`), `id ${dir}`].join(', ');
            const total = (db.prepare(`SELECT COUNT(*) AS n FROM files ${where}`).get() as { n: number }).n;
            for (const offset of [0, 13, Math.floor(total / 2) - 5, Math.floor(total / 2) + 5, total - 40, total - 3, total + 10]) {
              const expected = db.prepare(`SELECT id FROM files ${where} ORDER BY ${order} LIMIT 50 OFFSET ?`).pluck().all(Math.max(0, offset));
              const page = index.query(LibraryQuerySchema.parse({ sort, direction, groupByFolder, filter, offset: Math.max(0, offset), limit: 50 }));
              expect(page.total).toBe(total);
              expect(page.files.map((f) => f.id), `offset ${offset}`).toEqual(expected);
            }
          });
        }
      }
    }
  }

  it('a search\'s total and page are the rows whose name or series contains every word (a number word: or the number), with any filter and root', () => {
    // Brute force in JS over the rows as they are now (after the updates and deletes above).
    const rows = db.prepare('SELECT id, root_id, name, series, status, name_key, number_sort FROM files').all() as Array<{ id: number; root_id: number; name: string; series: string | null; status: string; name_key: string; number_sort: number | null }>;
    // docs/ui.md "Library": one word is a substring; several words must each match, and a number
    // word also matches the parsed issue number.
    const matches = (r: (typeof rows)[number], search: string) => {
      const words = search.trim().split(/\s+/);
      const text = (word: string) => r.name.toLowerCase().includes(word.toLowerCase()) || (r.series ?? '').toLowerCase().includes(word.toLowerCase());
      if (words.length === 1) return text(words[0]!);
      return words.every((word) => {
        const number = /^#?(\d+(?:\.\d+)?)$/.exec(word);
        return text(word) || (number !== null && r.number_sort === Number(number[1]));
      });
    };
    for (const search of ['File 1', 'v2.cbz', 'Series 1', 'es 12', 'no such name', 'v1']) {
      for (const filter of ['all', 'processed'] as const) {
        for (const rootId of [null, 2]) {
          const expected = rows
            .filter((r) => matches(r, search) && (filter === 'all' || r.status === filter) && (rootId === null || r.root_id === rootId))
            .sort((a, b) => (a.name_key < b.name_key ? -1 : a.name_key > b.name_key ? 1 : a.id - b.id));
          const page = index.query(LibraryQuerySchema.parse({ search, filter, rootId, limit: 30 }));
          expect(page.total, `${search} ${filter} ${rootId}`).toBe(expected.length);
          expect(page.files.map((f) => f.id)).toEqual(expected.slice(0, 30).map((r) => r.id));
        }
      }
    }
  });

  it('a word in every row (found by walking the sort order): every page, the total and the counts; the total follows a change', () => {
    const order = (dir: string) => `series COLLATE NOCASE ${dir}, number_sort ${dir}, name_key ${dir}, id ${dir}`;
    for (const [search, filter, direction] of [['cbz', 'all', 'asc'], ['FILE', 'processed', 'desc'], ['File', 'all', 'desc']] as const) {
      const where = `WHERE (lower(name) LIKE '%${search.toLowerCase()}%' OR lower(series) LIKE '%${search.toLowerCase()}%')${filter === 'all' ? '' : ` AND status = '${filter}'`}`;
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM files ${where}`).get() as { n: number }).n;
      expect(total).toBeGreaterThan(100);
      for (const offset of [0, 41, Math.floor(total / 2), total - 7]) {
        const expected = db.prepare(`SELECT id FROM files ${where} ORDER BY ${order(direction.toUpperCase())} LIMIT 25 OFFSET ?`).pluck().all(offset);
        const page = index.query(LibraryQuerySchema.parse({ search, filter, sort: 'series', direction, offset, limit: 25 }));
        expect(page.total, `${search} ${filter}`).toBe(total);
        expect(page.files.map((f) => f.id), `${search} offset ${offset}`).toEqual(expected);
      }
    }
    const statuses = db.prepare('SELECT status, COUNT(*) AS n FROM files GROUP BY status').all() as Array<{ status: string; n: number }>;
    const counts = index.counts(null, 'cbz');
    for (const { status, n } of statuses) expect(counts[status as 'processed']).toBe(n);
    // A kept total is dropped when a row changes (here: one file no longer has the word).
    const before = index.query(LibraryQuerySchema.parse({ search: 'File', limit: 5 })).total;
    const id = db.prepare("SELECT id FROM files WHERE name LIKE 'File%' LIMIT 1").pluck().get() as number;
    const name = db.prepare('SELECT name FROM files WHERE id = ?').pluck().get(id) as string;
    db.prepare("UPDATE files SET name = 'Renamed.cbz' WHERE id = ?").run(id);
    expect(index.query(LibraryQuerySchema.parse({ search: 'File', limit: 5 })).total).toBe(before - 1);
    db.prepare('UPDATE files SET name = ? WHERE id = ?').run(name, id);
    expect(index.query(LibraryQuerySchema.parse({ search: 'File', limit: 5 })).total).toBe(before);
  });

  it('counts per status and per root are the rows, after updates and deletes', () => {
    for (const rootId of [null, 1, 2]) {
      const rows = db.prepare(`SELECT status, COUNT(*) AS n FROM files ${rootId === null ? '' : `WHERE root_id = ${rootId}`} GROUP BY status`).all() as Array<{ status: string; n: number }>;
      const counts = index.counts(rootId);
      for (const { status, n } of rows) expect(counts[status as 'processed']).toBe(n);
      expect(counts.all).toBe(rows.reduce((a, r) => a + r.n, 0));
    }
  });
});
