import type { z } from 'zod';
import type {
  LibraryFile,
  LibraryPage,
  LibraryQuerySchema,
  StatusCounts,
} from '../../../../src-shared/contract/library.ts';
import type { Db } from '../../db/open-database.ts';
import { searchClauses, type IsCommon } from './search-match.ts';

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

/**
 * The WHERE clause of a filter, search and root (shared with the group and id queries). With
 * `isCommon`, common words are tested per row (`search-match.ts`): for a page, not for counts.
 */
export function where(query: Pick<ParsedQuery, 'filter' | 'search' | 'rootId'>, isCommon?: IsCommon) {
  const search = searchClauses(query.search, isCommon);
  const clauses = [...search.clauses];
  const params: Record<string, unknown> = { ...search.params };
  if (query.filter !== 'all') {
    clauses.push('status = @status');
    params.status = query.filter;
  }
  if (query.rootId !== null) {
    clauses.push('root_id = @rootId');
    params.rootId = query.rootId;
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/**
 * One page of the library view. Two things keep it within 50 ms at 500k files: the total
 * comes from the trigger-kept `file_counts` unless a search narrows it, and the page is found
 * by ids first — the inner SELECT walks only a covering sort index, so skipping to a deep
 * OFFSET never touches table rows — and only the page's rows are then read.
 */
export function queryFiles(db: Db, query: ParsedQuery, knownTotal?: number): LibraryPage {
  const w = where(query);
  const page = query.search.trim() ? where(query, commonIn(db)) : w;
  const desc = query.direction === 'desc';
  // Folders always ascending; `reversed` is the same order read from its end.
  const orderBy = (reversed: boolean) => {
    const folders = reversed ? 'DESC' : 'ASC';
    const dir = desc !== reversed ? 'DESC' : 'ASC';
    return [
      ...(query.groupByFolder ? [`root_id ${folders}`, `folder COLLATE NOCASE ${folders}`] : []),
      ...ORDER[query.sort].map((c) => `${c} ${dir}`),
      `id ${dir}`,
    ].join(', ');
  };
  const total = knownTotal ?? (query.search.trim() ? searchCount(db, query, w) : countOf(db, query.rootId, query.filter));
  // A page in the back half is found from the end (the order is total: `id` breaks ties), so
  // no page skips more than half the rows.
  const fromEnd = query.offset > total / 2;
  const skip = fromEnd ? Math.max(0, total - query.offset - query.limit) : query.offset;
  const take = fromEnd ? Math.max(0, Math.min(query.limit, total - query.offset)) : query.limit;
  const rows = db
    .prepare(
      `SELECT id, root_id, rel_path, folder, name, size, mtime_ms, series, number, volume, title, year,
              publisher, page_count, status, error_message
         FROM files WHERE id IN (SELECT id FROM files ${page.sql} ORDER BY ${orderBy(fromEnd)} LIMIT @take OFFSET @skip)
        ORDER BY ${orderBy(false)}`,
    )
    .all({ ...page.params, take, skip }) as FileRow[];
  return { total, offset: query.offset, files: rows.map(toFile) };
}

/** Rows per page the sort walk may test before the index's match list is the cheaper way. */
const WALK_ROWS_PER_MATCH = 20;
/** Matches at which a word counts as common whatever the library's size (the probe's cost). */
const COMMON_MATCHES = 2000;

/**
 * A word is common when at least 1 in WALK_ROWS_PER_MATCH rows (at most COMMON_MATCHES) has it:
 * the sort walk then fills a page after about 20× its rows, where collecting the matches from
 * the trigram index first costs all of them (a 500k-row `chapter`: ~1 s). The probe reads the
 * index only up to that many matches.
 */
function commonIn(db: Db): IsCommon {
  const probe = db.prepare('SELECT COUNT(*) AS n FROM (SELECT 1 FROM files_search WHERE files_search MATCH ? LIMIT ?)');
  const threshold = Math.max(1, Math.min(COMMON_MATCHES, Math.ceil(countByStatus(db, null).all / WALK_ROWS_PER_MATCH)));
  return (phrase) => (probe.get(phrase, threshold) as { n: number }).n >= threshold;
}

/**
 * How many files a search matches. A trigram search over the whole library is counted in the
 * full-text index alone: its rowids are the `files` ids (kept in step by triggers), so probing
 * `files` once per match — 500k probes for a broad word — adds nothing but time.
 */
function searchCount(db: Db, query: ParsedQuery, w: ReturnType<typeof where>): number {
  const wholeLibrary = query.filter === 'all' && query.rootId === null;
  const sql = wholeLibrary && isOneTrigramWord(query.search) ? ONE_WORD_COUNT : `SELECT COUNT(*) AS n FROM files ${w.sql}`;
  return (db.prepare(sql).get(w.params) as { n: number }).n;
}

const ONE_WORD_COUNT = 'SELECT COUNT(*) AS n FROM files_search WHERE files_search MATCH @search0';

/** Only a single word is one MATCH (search-match.ts); several words are ANDed clauses. */
function isOneTrigramWord(search: string): boolean {
  const trimmed = search.trim();
  return !/\s/.test(trimmed) && [...trimmed].length >= 3;
}

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

/**
 * Counts per status. Without a search they come from the trigger-kept `file_counts`; with one
 * (the view's filter counts follow the search) from the matching rows.
 */
export function countByStatus(db: Db, rootId: number | null, search = ''): StatusCounts {
  let rows: Array<{ status: LibraryFile['status']; n: number }>;
  if (search.trim() && !matchesEveryFile(db, search)) {
    const w = where({ filter: 'all', search, rootId });
    rows = db.prepare(`SELECT status, COUNT(*) AS n FROM files ${w.sql} GROUP BY status`).all(w.params) as typeof rows;
  } else {
    rows = db
      .prepare(`SELECT status, SUM(n) AS n FROM file_counts ${rootId === null ? '' : 'WHERE root_id = ?'} GROUP BY status`)
      .all(...(rootId === null ? [] : [rootId])) as typeof rows;
  }
  const counts: StatusCounts = { all: 0, unprocessed: 0, processed: 0, duplicate: 0, error: 0 };
  for (const { status, n } of rows) {
    counts[status] = n;
    counts.all += n;
  }
  return counts;
}

/**
 * A one-word search that matches every file (`chapter` in a library of chapters) counts per
 * status like no search at all: from the trigger-kept counts, after one count in the trigram
 * index instead of looking up the status of every match.
 */
function matchesEveryFile(db: Db, search: string): boolean {
  if (!isOneTrigramWord(search)) return false;
  const { params } = searchClauses(search);
  return (db.prepare(ONE_WORD_COUNT).get(params) as { n: number }).n === countByStatus(db, null).all;
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
