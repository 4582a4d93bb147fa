import type { z } from 'zod';
import {
  FILE_STATUSES,
  type Filter,
  type LibraryFile,
  type LibraryPage,
  type LibraryQuerySchema,
  type SearchCounts,
  type StatusCounts,
} from '../../../../src-shared/contract/library.ts';
import type { Db } from '../../db/open-database.ts';
import { fromCandidates, STATUS_TEST, whereOf, type MatchPlan } from './search-plan.ts';
import { walkToPage, type WalkMark } from './search-walk.ts';

export type ParsedQuery = z.output<typeof LibraryQuerySchema>;

interface FileRow {
  id: number;
  root_id: number;
  rel_path: string;
  folder: string;
  name: string;
  size: number;
  mtime_ms: number;
  series: string | null;
  number: string | null;
  volume: string | null;
  title: string | null;
  year: number | null;
  publisher: string | null;
  page_count: number | null;
  status: LibraryFile['status'];
  error_message: string | null;
}

const ORDER: Record<ParsedQuery['sort'], string[]> = {
  name: ['name_key'],
  series: ['series COLLATE NOCASE', 'number_sort', 'name_key'],
  modified: ['mtime_ms', 'name_key'],
  size: ['size', 'name_key'],
};

/** What the index keeps of a search (until a row changes) that spares a page work. */
export interface KnownOfSearch {
  /** Matches of the query's filter, from the search's tally. */
  exactTotal?: number;
  /** Where a grouped page starts, from the tally's folder counts. */
  seek?: FolderSeek;
  /** The marks of the walk in this order (reversed: read from its end). */
  marks?: (reversed: boolean) => WalkMark[];
}

/** A grouped page's folder (in the folder index) and how many matches come before it. */
export interface FolderSeek {
  rootId: number;
  folder: string;
  before: number;
}

/** A search's count stops here ("1,000+ files", docs/ui.md "Search"); pages past it raise it. */
export const COUNT_CAP = 1000;

const COLUMNS = `files.id, root_id, rel_path, folder, name, size, mtime_ms, series, number, volume, title, year,
              publisher, page_count, status, error_message`;

/**
 * One page of the library view, within 50 ms at 500k files (docs/architecture.md, "List
 * queries"). Without a search the total comes from the trigger-kept `file_counts` and the
 * page is found by ids first — the inner SELECT walks only a covering sort index, so a deep
 * OFFSET never touches table rows — and only the page's rows are then read. A sparse search
 * sorts its few candidates; a dense one walks the sort order and its total is counted up to a
 * cap above the page (`totalExact: false`: at least that many) unless `exactTotal` is known.
 */
export function queryFiles(db: Db, query: ParsedQuery, plan: MatchPlan, known: KnownOfSearch = {}): LibraryPage {
  const { exactTotal, seek } = known;
  const desc = query.direction === 'desc';
  // Folders always ascending; `reversed` is the same order read from its end.
  const orderBy = (reversed: boolean) => {
    const folders = reversed ? 'DESC' : 'ASC';
    const dir = desc !== reversed ? 'DESC' : 'ASC';
    return [
      ...(query.groupByFolder ? [`root_id ${folders}`, `folder COLLATE NOCASE ${folders}`] : []),
      ...ORDER[query.sort].map((c) => `${c} ${dir}`),
      `files.id ${dir}`,
    ].join(', ');
  };
  if (plan.candidates) {
    const rows = db
      .prepare(`SELECT ${COLUMNS} FROM ${fromCandidates(plan)} ${whereOf(plan.tests)} ORDER BY ${orderBy(false)} LIMIT @limit OFFSET @offset`)
      .all({ ...plan.params, limit: query.limit, offset: query.offset }) as FileRow[];
    const total = exactTotal ?? (db.prepare(`SELECT COUNT(*) FROM ${fromCandidates(plan)} ${whereOf(plan.tests)}`).pluck().get(plan.params) as number);
    return { total, totalExact: true, offset: query.offset, files: rows.map(toFile) };
  }
  const searching = query.search.trim() !== '';
  // Counted one cap above the page, so scrolling on past a lower bound always finds more rows.
  const cap = (Math.floor((query.offset + query.limit) / COUNT_CAP) + 1) * COUNT_CAP;
  const counted = exactTotal ?? (searching ? cappedCount(db, plan, query.filter, cap) : countOf(db, query.rootId, query.filter));
  const totalExact = exactTotal !== undefined || !searching || counted <= cap;
  const total = totalExact ? counted : cap;
  // With an exact total, a page in the back half is found from the end (the order is total:
  // `id` breaks ties), so no page skips more than half the rows.
  const fromEnd = !seek && totalExact && query.offset > total / 2;
  const skip = seek ? query.offset - seek.before : fromEnd ? Math.max(0, total - query.offset - query.limit) : query.offset;
  const take = fromEnd ? Math.max(0, Math.min(query.limit, total - query.offset)) : query.limit;
  // A search's page walks the sort order and stops at the page; a status test served by the
  // status index would instead collect and sort all of that status's rows (seconds at 500k),
  // unless the order is the name, which that index also holds.
  const walkSortIndex = searching && (query.sort !== 'name' || query.groupByFolder);
  const tests = walkSortIndex ? plan.tests.map((test) => (test === STATUS_TEST ? `+${test}` : test)) : [...plan.tests];
  const params = { ...plan.params, take, skip };
  if (seek) {
    tests.push('root_id = @seekRoot AND folder COLLATE NOCASE >= @seekFolder');
    Object.assign(params, { seekRoot: seek.rootId, seekFolder: seek.folder });
  }
  let page = `SELECT files.id FROM files ${whereOf(tests)} ORDER BY ${orderBy(fromEnd)} LIMIT @take OFFSET @skip`;
  if (searching && !seek) {
    // The walk's own order: the status index's when it holds the order, else the sort index.
    const status = walkSortIndex || query.filter === 'all' ? '' : `WHERE ${STATUS_TEST}`;
    const source = `SELECT files.id AS rid FROM files ${status} ORDER BY ${orderBy(fromEnd)}`;
    const ids = walkToPage(db, { source, tests, params: plan.params }, known.marks?.(fromEnd) ?? [], skip, take);
    page = 'SELECT value FROM json_each(@ids)';
    Object.assign(params, { ids: JSON.stringify(ids) });
  }
  const rows = db.prepare(`SELECT ${COLUMNS} FROM files WHERE id IN (${page}) ORDER BY ${orderBy(false)}`).all(params) as FileRow[];
  return { total, totalExact, offset: query.offset, files: rows.map(toFile) };
}

/**
 * Matches of a dense plan counted up to `cap` + 1 (more: the caller says "at least"). Walked
 * through the trigram index in id order (it stops after cap + 1 matches), or through the
 * status's own rows when those are so few that testing each is cheaper than finding cap + 1
 * of them among the word's matches.
 */
function cappedCount(db: Db, plan: MatchPlan, filter: ParsedQuery['filter'], cap: number, budget = -1): number {
  const rows = `(SELECT id FROM (${countSource(db, plan, filter, cap)}) LIMIT @budget) AS c CROSS JOIN files ON files.id = c.id`;
  return db.prepare(`SELECT COUNT(*) FROM (SELECT 1 FROM ${rows} ${whereOf(plan.tests)} LIMIT @cap)`).pluck().get({ ...plan.params, cap: cap + 1, budget }) as number;
}

/** The ids a dense count reads, in id order: the trigram index's matches or the status's rows. */
function countSource(db: Db, plan: MatchPlan, filter: ParsedQuery['filter'], cap: number): string {
  const ofStatus = `SELECT id FROM files${filter === 'all' ? '' : ` WHERE ${STATUS_TEST}`}`;
  if (!plan.indexed) return ofStatus;
  const counts = countByStatus(db, null);
  const statusRows = filter === 'all' ? counts.all : counts[filter];
  // Rows read walking the status: all of them; through the index: cap + 1 at the status's share.
  return filter === 'all' || statusRows * statusRows > (cap + 1) * counts.all ? plan.indexed : ofStatus;
}

/** Rows a filter count reads at most: the words may match together far more rarely than alone. */
const COUNT_ROWS = 8000;

/** Files of a root (null: all) with a status (`all`: any), from the counts the triggers keep. */
function countOf(db: Db, rootId: number | null, filter: ParsedQuery['filter']): number {
  const counts = countByStatus(db, rootId);
  return filter === 'all' ? counts.all : counts[filter];
}

/** One file by its index id; null when there is none. */
export function getFile(db: Db, id: number): LibraryFile | null {
  const row = db
    .prepare(
      `SELECT id, root_id, rel_path, folder, name, size, mtime_ms, series, number, volume, title, year,
              publisher, page_count, status, error_message
         FROM files WHERE id = ?`,
    )
    .get(id) as FileRow | undefined;
  return row ? toFile(row) : null;
}

/** Counts per status of a root (null: all), from the counts the triggers keep. */
export function countByStatus(db: Db, rootId: number | null): StatusCounts {
  const rows = db
    .prepare(`SELECT status, SUM(n) AS n FROM file_counts ${rootId === null ? '' : 'WHERE root_id = ?'} GROUP BY status`)
    .all(...(rootId === null ? [] : [rootId])) as StatusRow[];
  return statusCounts(rows);
}

type StatusRow = { status: LibraryFile['status']; n: number };

export function statusCounts(rows: StatusRow[]): StatusCounts {
  const counts: StatusCounts = { all: 0, unprocessed: 0, processed: 0, duplicate: 0, error: 0 };
  for (const { status, n } of rows) {
    counts[status] += n;
    counts.all += n;
  }
  return counts;
}

/**
 * Counts per status of the files a search matches (the view's filter counts). A sparse plan
 * counts its candidates exactly; a dense one counts each status up to COUNT_CAP, reading at
 * most COUNT_ROWS rows, and names the counts that stopped short (`lowerBounds`: "1000+", or
 * fewer when the words are rare together: "37+").
 */
export function searchCounts(db: Db, plan: MatchPlan): SearchCounts {
  if (plan.candidates) {
    const rows = db.prepare(`SELECT status, COUNT(*) AS n FROM ${fromCandidates(plan)} ${whereOf(plan.tests)} GROUP BY status`).all(plan.params);
    return { ...statusCounts(rows as StatusRow[]), lowerBounds: [] };
  }
  const counts: StatusCounts = { all: 0, unprocessed: 0, processed: 0, duplicate: 0, error: 0 };
  const lowerBounds: Filter[] = [];
  for (const filter of ['all', ...FILE_STATUSES] as const) {
    const ofStatus = filter === 'all' ? plan : { ...plan, tests: [...plan.tests, STATUS_TEST], params: { ...plan.params, status: filter } };
    const n = cappedCount(db, ofStatus, filter, COUNT_CAP, COUNT_ROWS);
    counts[filter] = Math.min(n, COUNT_CAP);
    // Stopped at the cap, or at the rows read with more to read: "at least".
    const more = () =>
      db.prepare(`SELECT COUNT(*) FROM (${countSource(db, ofStatus, filter, COUNT_CAP)} LIMIT @budget)`).pluck().get({ ...ofStatus.params, budget: COUNT_ROWS + 1 }) as number > COUNT_ROWS;
    if (n > COUNT_CAP || more()) lowerBounds.push(filter);
  }
  // The statuses are disjoint: their sum bounds `all` from below, and is it when each is exact.
  const sum = FILE_STATUSES.reduce((n, status) => n + counts[status], 0);
  if (FILE_STATUSES.every((status) => !lowerBounds.includes(status))) return { ...counts, all: sum, lowerBounds: [] };
  return { ...counts, all: Math.max(counts.all, sum), lowerBounds };
}

function toFile(row: FileRow): LibraryFile {
  return {
    id: row.id,
    rootId: row.root_id,
    relPath: row.rel_path,
    folder: row.folder,
    name: row.name,
    size: row.size,
    mtimeMs: row.mtime_ms,
    series: row.series,
    number: row.number,
    volume: row.volume,
    title: row.title,
    year: row.year,
    publisher: row.publisher,
    pageCount: row.page_count,
    status: row.status,
    error: row.error_message,
  };
}
