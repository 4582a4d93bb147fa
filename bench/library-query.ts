/**
 * List-query benchmark (docs/behaviour.md §7: every page / filter / sort / search on 500k files ≤ 50 ms).
 * Fills a real database with 500k index rows (the scanner's row shape, natural-sort keys
 * included), then times each query shape the library view issues; the ratio column compares
 * with a plain `SELECT … LIMIT` page of the same table, measured in the same run.
 *
 *   node bench/library-query.ts [--count 500000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LibraryQuerySchema, type LibraryQuery } from '../src-shared/contract/library.ts';
import { openDatabase } from '../src-main/core/db/open-database.ts';
import { LibraryIndex } from '../src-main/core/library/index/library-index.ts';
import { naturalKey } from '../src-main/core/library/natural-key.ts';
import { arg } from './lib/bench-archives.ts';

const count = Number(arg('count', '500000'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longbox-bench-query-'));
const db = openDatabase(path.join(dir, 'longbox.db'));
const STATUSES = ['unprocessed', 'processed', 'duplicate', 'error'] as const;

db.prepare("INSERT INTO roots (path, added_at) VALUES ('/library', 0)").run();
const insert = db.prepare(`INSERT INTO files (root_id, rel_path, folder, name, name_key, ext, size, mtime_ms, ino,
  series, number, number_sort, status) VALUES (1, ?, ?, ?, ?, 'cbz', ?, ?, ?, ?, ?, ?, ?)`);
db.transaction(() => {
  for (let i = 0; i < count; i++) {
    const series = `Series ${i % 2000}`;
    const number = String(Math.floor(i / 2000) + 1);
    const name = `${series} - Chapter ${number.padStart(4, '0')}.cbz`;
    insert.run(`${series}/${name}`, series, name, naturalKey(name), 1e6 + (i % 977) * 1000, 1.7e12 + i * 1000, `1:${i}`, series, number, Number(number), STATUSES[i % 97 === 0 ? 3 : i % 13 === 0 ? 2 : i % 3 === 0 ? 1 : 0]);
  }
})();
db.pragma('optimize');

function time(run: () => unknown, repeat = 15): number {
  run();
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

const index = new LibraryIndex(db);
const baseline = time(() => db.prepare('SELECT * FROM files LIMIT 200 OFFSET 50000').all());
const cases: Array<[string, LibraryQuery]> = [
  ['first page, name', {}],
  ['deep page (10k from the end), name', { offset: Math.max(0, count - 10_000) }],
  ['deep page, filter processed', { filter: 'processed', offset: Math.floor(count / 4) }],
  ['grouped by folder', { groupByFolder: true, offset: count / 2 }],
  ['series + number, desc', { sort: 'series', direction: 'desc' }],
  ['modified', { sort: 'modified', offset: count / 4 }],
  ['size', { sort: 'size' }],
  ['filter processed', { filter: 'processed', offset: 1000 }],
  ['filter errors', { filter: 'error' }],
  ['search "chapter 0042"', { search: 'chapter 0042' }],
  ['search "series 7 chapter"', { search: 'series 7 chapter' }],
  ['search "chapter" (every row)', { search: 'chapter' }],
  ['same, page 10', { search: 'chapter', offset: 2000 }],
  ['same, sort series, processed', { search: 'chapter', sort: 'series', filter: 'processed' }],
  ['same, grouped, errors', { search: 'chapter', groupByFolder: true, filter: 'error' }],
  ['search "series 1" (1 in 9 rows)', { search: 'series 1' }],
  ['search rare "series 1999 -"', { search: 'series 1999 -' }],
  ['"ies 12 ch": common apart, rare together', { search: 'ies 12 ch' }],
  ['short word only, rare "zq"', { search: 'zq' }],
];
console.log(`${count} files; baseline page (plain SELECT … LIMIT 200): ${baseline.toFixed(2)} ms`);
const report = (label: string, ms: number, note = '') =>
  console.log(`${label.padEnd(42)} ${ms.toFixed(2).padStart(8)} ms   ${(ms / baseline).toFixed(1)}× baseline   (target ≤ 50 ms)${note}`);
for (const [label, query] of cases) {
  const parsed = LibraryQuerySchema.parse({ limit: 200, ...query });
  let page = index.query(parsed);
  report(label, time(() => (page = index.query(parsed))), `   total ${page.total}${page.totalExact ? '' : '+'}`);
}
// Scrolling on: each next page of the view, the total raised one cap ahead of it.
let next = 0;
report('"chapter", next pages', time(() => index.query(LibraryQuerySchema.parse({ limit: 200, search: 'chapter', offset: (next += 200) }))));
report('counts per status', time(() => index.counts(null)));
for (const search of ['chapter', 'chapter 0042', 'series 1', 'ies 12 ch']) {
  let counts = index.counts(null, search);
  report(`counts per status, "${search}"`, time(() => (counts = index.counts(null, search))), `   all ${counts.all}${counts.lowerBounds.length ? ` (${counts.lowerBounds.length} lower bounds)` : ''}`);
}
// The exact tally (the grouped view's folder counts; it makes totals exact): measured whole,
// and by the longest the main thread is held at once, which is what a query typed meanwhile waits.
let longest = 0;
let last = performance.now();
const tick = setInterval(() => {
  longest = Math.max(longest, performance.now() - last);
  last = performance.now();
}, 0);
const started = performance.now();
const groups = await index.groups({ search: 'chapter', filter: 'all', rootId: null });
const whole = performance.now() - started;
clearInterval(tick);
console.log(`${'exact tally "chapter" (async)'.padEnd(42)} ${whole.toFixed(0).padStart(8)} ms whole, main thread held ≤ ${longest.toFixed(1)} ms at once; ${groups.length} folders`);
// With the tally kept the total is exact, so the scroll bar reaches anywhere: a page a third in,
// grouped (the page seeks to its folder) and flat (the first jump counts windows and leaves
// marks, measured alone; the pages around it start from those marks).
const third = Math.floor(count / 3);
const deep = (query: LibraryQuery) => LibraryQuerySchema.parse({ limit: 200, search: 'chapter', offset: third, ...query });
report('"chapter" grouped page ⅓ in, exact', time(() => index.query(deep({ groupByFolder: true }))));
const jump = performance.now();
index.query(deep({}));
report('"chapter" flat page ⅓ in, first jump', performance.now() - jump);
let around = third;
report('same, pages around it', time(() => index.query(deep({ offset: (around += 200) }))));
const desc = performance.now();
index.query(deep({ sort: 'size', direction: 'desc', filter: 'processed' }));
report('same by size desc, processed, jump', performance.now() - desc);
report('"chapter" counts, exact (kept)', time(() => index.counts(null, 'chapter')));
db.close();
fs.rmSync(dir, { recursive: true, force: true });
