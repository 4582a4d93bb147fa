/**
 * The library search against a brute-force oracle, on a real SQLite index large enough for
 * both plans (search-plan.ts): a common word (walked, counted up to the cap: a lower bound)
 * and rare ones (collected, counted exactly). Every match is reachable by paging on past a
 * lower bound, "select all matching" (library.ids) returns every match, and once the exact
 * tally is kept (the grouped view's folder counts) totals and counts are exact.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FILE_STATUSES, LibraryQuerySchema, type FileStatus, type Filter } from '../../../src-shared/contract/library.ts';
import { openDatabase } from '../../../src-main/core/db/open-database.ts';
import { COUNT_CAP } from '../../../src-main/core/library/index/file-query.ts';
import { LibraryIndex } from '../../../src-main/core/library/index/library-index.ts';
import { naturalKey } from '../../../src-main/core/library/natural-key.ts';
import { tempDir } from '../../helpers/core-harness.ts';

const dir = tempDir('search-query');
afterAll(() => dir.remove());
const db = openDatabase(path.join(dir.path, 'longbox.db'));
const index = new LibraryIndex(db);

// Series in real-world shapes: ASCII, Cyrillic, accented Latin, CJK, one so short it is a
// single letter, and none at all (a file without metadata).
const SERIES = ['Saga', 'Глава Мира', 'Éclair Noir', '第12话 物語', 'One Piece', 'X', null, 'Saga of Ages'];
const N = 2600;

interface Row {
  id: number;
  name: string;
  series: string | null;
  numberSort: number | null;
  status: FileStatus;
  nameKey: string;
}

db.prepare("INSERT INTO roots (path, added_at) VALUES ('/a', 0)").run();
const insert = db.prepare(`INSERT INTO files (root_id, rel_path, folder, name, name_key, ext, size, mtime_ms, ino, series, number, number_sort, status)
  VALUES (1, ?, ?, ?, ?, 'cbz', 1, 1, ?, ?, ?, ?, ?)`);
db.transaction(() => {
  for (let i = 0; i < N; i++) {
    const series = SERIES[i % SERIES.length]!;
    const number = i % 50 === 7 ? '12.5' : String(Math.floor(i / SERIES.length) % 120);
    // Every name says "Chapter" (the common word); some files carry a number their name lacks.
    const name = i % 37 === 0 ? `Annual ÄRA ${i}.cbz` : `${series ?? 'Untitled'} - Chapter ${number.padStart(4, '0')} v${i % 3}.cbz`;
    const status = FILE_STATUSES[i % 97 === 0 ? 3 : i % 13 === 0 ? 2 : i % 3 === 0 ? 1 : 0]!;
    insert.run(`${series ?? 'none'}/${i}-${name}`, series ?? 'none', name, naturalKey(name), `1:${i}`, series, number, Number(number), status);
  }
})();
const rows = (
  db.prepare('SELECT id, name, series, number_sort AS numberSort, status, name_key AS nameKey FROM files').all() as Row[]
).sort((a, b) => (a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : a.id - b.id));

/** docs/ui.md "Search", written out plainly: case-insensitive substrings, number words. */
function oracle(search: string, filter: Filter = 'all'): Row[] {
  const words = search.trim().split(/\s+/);
  const has = (r: Row, word: string) => r.name.toLowerCase().includes(word.toLowerCase()) || (r.series ?? '').toLowerCase().includes(word.toLowerCase());
  return rows.filter(
    (r) =>
      (filter === 'all' || r.status === filter) &&
      words.every((word) => {
        const number = words.length > 1 ? /^#?(\d+(?:\.\d+)?)$/.exec(word) : null;
        return has(r, word) || (number !== null && r.numberSort === Number(number[1]));
      }),
  );
}

/** Pages on from 0 as the view scrolls, until a page comes back short: every row it reached. */
function scrollToEnd(search: string, filter: Filter) {
  const ids: number[] = [];
  const totals: Array<{ total: number; exact: boolean }> = [];
  for (let offset = 0; ; offset += 300) {
    const page = index.query(LibraryQuerySchema.parse({ search, filter, offset, limit: 300 }));
    ids.push(...page.files.map((f) => f.id));
    totals.push({ total: page.total, exact: page.totalExact });
    if (page.files.length < 300) return { ids, totals };
  }
}

const SEARCHES = [
  'chapter', // in every name: walked, counted up to the cap
  'CHAPTER 0042', // a common word and a number word (text or number)
  'chapter 12.5', // a decimal number word
  'saga 5', // a short number word
  'saga #042',
  'глава', // Cyrillic, upper/lower folding beyond ASCII, common
  'ГЛАВА мира 0007',
  'éclair', // accented, common
  'ära', // accented, rare (only in annuals)
  '第12话', // CJK
  '话', // one CJK character (too short for the trigram index)
  'v1', // short ASCII
  'x -', // one letter and a dash
  'äR', // short and rare: one pass over the table collects it
  'zz',
  'annual 42', // a number only in the metadata of some files
  'no such thing',
];

describe('library search = brute force, at a size where common words are walked and counted up to a cap', () => {
  for (const search of SEARCHES) {
    it(`"${search}": every page, the total (exact or a lower bound), the counts, select-all`, () => {
      for (const filter of ['all', 'processed', 'error'] as const) {
        const expected = oracle(search, filter);
        const first = index.query(LibraryQuerySchema.parse({ search, filter, limit: 100 }));
        expect(first.files.map((f) => f.id), `${search} ${filter}`).toEqual(expected.slice(0, 100).map((r) => r.id));
        if (first.totalExact) expect(first.total).toBe(expected.length);
        else {
          // A lower bound: the cap, and truly fewer than the matches.
          expect(first.total).toBe(COUNT_CAP);
          expect(expected.length).toBeGreaterThan(COUNT_CAP);
        }
        // Scrolling on past the lower bound reaches every match, and the end makes it exact.
        const scrolled = scrollToEnd(search, filter);
        expect(scrolled.ids).toEqual(expected.map((r) => r.id));
        expect(scrolled.totals.at(-1)).toEqual({ total: expected.length, exact: true });
        for (const { total, exact } of scrolled.totals) expect(exact ? total === expected.length : total < expected.length).toBe(true);
        // "Select all matching" resolves to every match, not only the counted ones.
        expect(index.ids({ search, filter, rootId: null, folder: null })).toEqual(expected.map((r) => r.id).sort((a, b) => a - b));
      }
      const counts = index.counts(null, search);
      for (const filter of ['all', ...FILE_STATUSES] as const) {
        const n = oracle(search, filter).length;
        // A lower bound: never more than the matches (the cap, or what the rows read held).
        if (counts.lowerBounds.includes(filter)) expect(counts[filter], `${search} ${filter}`).toBeLessThanOrEqual(n);
        else expect(counts[filter], `${search} ${filter}`).toBe(n);
      }
    });
  }

  it('a common word in every row is a lower bound at first, and exact once its tally is kept', async () => {
    const first = index.query(LibraryQuerySchema.parse({ search: 'chapter', limit: 100 }));
    expect(first).toMatchObject({ total: COUNT_CAP, totalExact: false });
    expect(index.counts(null, 'chapter').lowerBounds).toContain('all');
    const groups = await index.groups({ search: 'chapter', filter: 'all', rootId: null });
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(oracle('chapter').length);
    const exact = index.query(LibraryQuerySchema.parse({ search: 'chapter', filter: 'processed', offset: 900, limit: 100 }));
    expect(exact).toMatchObject({ total: oracle('chapter', 'processed').length, totalExact: true });
    // With the exact total a page from the back half is read from the end: still the same rows.
    expect(exact.files.map((f) => f.id)).toEqual(oracle('chapter', 'processed').slice(900, 1000).map((r) => r.id));
    const counts = index.counts(null, 'chapter');
    expect(counts.lowerBounds).toEqual([]);
    for (const filter of ['all', ...FILE_STATUSES] as const) expect(counts[filter]).toBe(oracle('chapter', filter).length);
    // A changed row drops the kept tally: the total is counted again (a lower bound again).
    const id = rows[0]!.id;
    db.prepare("UPDATE files SET status = 'error' WHERE id = ?").run(id);
    expect(index.query(LibraryQuerySchema.parse({ search: 'chapter', limit: 100 })).totalExact).toBe(false);
    db.prepare('UPDATE files SET status = ? WHERE id = ?').run(rows[0]!.status, id);
  });

  it('with the tally kept, a grouped page seeks to its folder: every page equals the plain ordered matches', async () => {
    await index.groups({ search: 'chapter', filter: 'all', rootId: null });
    for (const filter of ['all', 'processed'] as const) {
      const ids = JSON.stringify(oracle('chapter', filter).map((r) => r.id));
      for (const [sort, order] of [['name', 'name_key'], ['size', 'size'], ['series', 'series COLLATE NOCASE']] as const) {
        for (const direction of ['asc', 'desc'] as const) {
          const dir = direction.toUpperCase();
          const expected = db
            .prepare(`SELECT id FROM files WHERE id IN (SELECT value FROM json_each(?)) ORDER BY root_id, folder COLLATE NOCASE, ${order} ${dir}, ${sort === 'series' ? `number_sort ${dir}, ` : ''}${sort === 'name' ? '' : `name_key ${dir}, `}id ${dir}`)
            .pluck()
            .all(ids) as number[];
          for (const offset of [0, 333, Math.floor(expected.length / 2), expected.length - 40]) {
            const page = index.query(LibraryQuerySchema.parse({ search: 'chapter', filter, sort, direction, groupByFolder: true, offset, limit: 120 }));
            expect(page.totalExact).toBe(true);
            expect(page.files.map((f) => f.id), `${filter} ${sort} ${direction} ${offset}`).toEqual(expected.slice(offset, offset + 120));
          }
        }
      }
    }
  });

  it('folder groups of a search are the oracle\'s folders, in the grouped pages\' order', async () => {
    for (const [search, filter] of [['saga', 'all'], ['chapter', 'error'], ['第12话', 'all']] as const) {
      const groups = await index.groups({ search, filter, rootId: null });
      const byFolder = new Map<string, number>();
      for (const r of oracle(search, filter)) {
        const folder = db.prepare('SELECT folder FROM files WHERE id = ?').pluck().get(r.id) as string;
        byFolder.set(folder, (byFolder.get(folder) ?? 0) + 1);
      }
      expect(new Map(groups.map((g) => [g.folder, g.count]))).toEqual(byFolder);
      const page = index.query(LibraryQuerySchema.parse({ search, filter, groupByFolder: true, limit: 1000 }));
      const folders = [...new Set(page.files.map((f) => f.folder))];
      expect(folders).toEqual(groups.map((g) => g.folder).filter((f) => folders.includes(f)));
    }
  });
});

describe('deep pages of a dense search (walked in counted windows that leave marks) = plain SQL', () => {
  const big = openDatabase(path.join(dir.path, 'big.db'));
  const bigIndex = new LibraryIndex(big);
  big.prepare("INSERT INTO roots (path, added_at) VALUES ('/b', 0)").run();
  const add = big.prepare(`INSERT INTO files (root_id, rel_path, folder, name, name_key, ext, size, mtime_ms, ino, series, status)
    VALUES (1, ?, ?, ?, ?, 'cbz', ?, 1, ?, ?, ?)`);
  big.transaction(() => {
    for (let i = 0; i < 13_000; i++) {
      // "issue" in 2 of 3 names: dense; sizes repeat, so ties fall to the name and the id.
      const name = `${i % 3 ? 'Issue' : 'Part'} ${(i * 7919) % 13_000}.cbz`;
      add.run(`F${i % 5}/${i}-${name}`, `F${i % 5}`, name, naturalKey(name), i % 50, `1:${i}`, i % 4 ? 'Run' : null, FILE_STATUSES[i % 3 === 1 ? 1 : 0]);
    }
  })();

  it('any page, reached in any order, equals the same page of the plain ordered query', () => {
    for (const filter of ['all', 'processed'] as const) {
      for (const [sort, order] of [['name', 'name_key'], ['size', 'size, name_key']] as const) {
        for (const direction of ['asc', 'desc'] as const) {
          const dir = direction.toUpperCase();
          const expected = big
            .prepare(`SELECT id FROM files WHERE instr(lower(name), 'issue') > 0 ${filter === 'all' ? '' : `AND status = '${filter}'`} ORDER BY ${order.split(', ').map((c) => `${c} ${dir}`).join(', ')}, id ${dir}`)
            .pluck()
            .all() as number[];
          expect(expected.length).toBeGreaterThan(2 * 4096 * (filter === 'all' ? 1 : 0.25));
          // Deep first (windows counted, marks left), then back, forward again and near the end.
          for (const offset of [Math.floor(expected.length * 0.6), 150, Math.floor(expected.length * 0.3), expected.length - 70, 4096, 4095]) {
            const page = bigIndex.query(LibraryQuerySchema.parse({ search: 'issue', filter, sort, direction, offset, limit: 100 }));
            expect(page.files.map((f) => f.id), `${filter} ${sort} ${direction} ${offset}`).toEqual(expected.slice(offset, offset + 100));
          }
        }
      }
    }
  });
});
