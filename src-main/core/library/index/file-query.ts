import type { z } from 'zod';
import type {
  LibraryFile,
  LibraryPage,
  LibraryQuerySchema,
  StatusCounts,
} from '../../../../src-shared/contract/library.ts';
import type { Db } from '../../db/open-database.ts';
import { searchClauses } from './search-match.ts';

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

/** The WHERE clause of a filter, search and root (shared with the group and id queries). */
export function where(query: Pick<ParsedQuery, 'filter' | 'search' | 'rootId'>) {
  const search = searchClauses(query.search);
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

export function queryFiles(db: Db, query: ParsedQuery): LibraryPage {
  const w = where(query);
  const dir = query.direction === 'desc' ? 'DESC' : 'ASC';
  const order = [
    ...(query.groupByFolder ? ['root_id', 'folder COLLATE NOCASE', 'folder'] : []),
    ...ORDER[query.sort].map((c) => `${c} ${dir}`),
    `id ${dir}`,
  ].join(', ');
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM files ${w.sql}`).get(w.params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT id, root_id, rel_path, folder, name, size, mtime_ms, series, number, volume, title, year,
              publisher, page_count, status, error_message
         FROM files ${w.sql} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    )
    .all({ ...w.params, limit: query.limit, offset: query.offset }) as FileRow[];
  return { total, offset: query.offset, files: rows.map(toFile) };
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

/** Counts per status, of the files `search` matches when given (the view's filter counts). */
export function countByStatus(db: Db, rootId: number | null, search = ''): StatusCounts {
  const w = where({ filter: 'all', search, rootId });
  const rows = db.prepare(`SELECT status, COUNT(*) AS n FROM files ${w.sql} GROUP BY status`).all(w.params) as Array<{
    status: LibraryFile['status'];
    n: number;
  }>;
  const counts: StatusCounts = { all: 0, unprocessed: 0, processed: 0, duplicate: 0, error: 0 };
  for (const { status, n } of rows) {
    counts[status] = n;
    counts.all += n;
  }
  return counts;
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
