import type { FileStatus } from '../../../../src-shared/contract/library.ts';
import type { Db } from '../../db/open-database.ts';
import { indexedMatch, rowTest, searchWords } from './search-match.ts';

/** The files a list shows: a filter (a status, or all), a search and a root (null: all). */
export interface Matching {
  filter: FileStatus | 'all';
  search: string;
  rootId: number | null;
}

/**
 * How the rows a filter and search match are found (docs/architecture.md, "List queries").
 * `tests` are per-row SQL over `files` that every match passes — each word, the status, the
 * root — and with `candidates` (an id subquery) they select exactly the matches. A search whose
 * candidates are few is `sparse`: collect them, sort them, count them, all cheap. Otherwise
 * matches are common (at least 1 row in WALK_ROWS_PER_MATCH): a page walks the sort order
 * testing each row and stops at the page; a count stops at its cap.
 */
export interface MatchPlan {
  tests: string[];
  params: Record<string, unknown>;
  /** An id subquery no larger than `COLLECT_MAX` rows that holds every match; null: dense. */
  candidates: string | null;
  /** Dense: the trigram MATCH every match satisfies, walked in id order by counts (or null). */
  indexed: string | null;
}

/** The status test (a page ordered otherwise than by name walks its sort index, file-query.ts). */
export const STATUS_TEST = 'status = @status';

/** The rows of `files` a sparse plan's candidates are (at most COLLECT_MAX of them). */
export const fromCandidates = (plan: MatchPlan) => `(SELECT id AS cid FROM (${plan.candidates})) AS c CROSS JOIN files ON files.id = c.cid`;
export const whereOf = (tests: string[]) => (tests.length ? `WHERE ${tests.join(' AND ')}` : '');

/** Rows per match at which walking the sort order costs what collecting the matches does. */
const WALK_ROWS_PER_MATCH = 20;
/** The most candidates collected and sorted for one page (~15 ms at 20k on a 2-core machine). */
const COLLECT_MAX = 20_000;

/**
 * Plans a filter and search against the library as it is now: each candidate source is read
 * up to a limit, and the smallest that came in under it (if any) makes the plan sparse.
 */
export function planMatching(db: Db, matching: Matching, libraryRows: () => number, scans?: Map<string, number[] | null>): MatchPlan {
  const words = searchWords(matching.search);
  const params: Record<string, unknown> = {};
  const tests = words.map((word, i) => rowTest(word, `w${i}`, params));
  const wordTests = [...tests];
  if (matching.filter !== 'all') {
    tests.push(STATUS_TEST);
    params.status = matching.filter;
  }
  if (matching.rootId !== null) {
    tests.push('root_id = @rootId');
    params.rootId = matching.rootId;
  }
  if (words.length === 0) return { tests, params, candidates: null, indexed: null };

  // Candidate sources, each a superset of the matches: the trigram index for the indexed
  // non-number words, and per indexed number word its number (an index lookup) or its text.
  const indexed = indexedMatch(words);
  const sources: Array<{ sql: string; params: Record<string, unknown> }> = [];
  if (indexed) sources.push({ sql: 'SELECT rowid AS id FROM files_search WHERE files_search MATCH @cand', params: { cand: indexed } });
  for (const word of words) {
    if (word.number === null || !word.indexed) continue;
    const text = indexedMatch([...words.filter((w) => w !== word), { ...word, number: null }])!;
    sources.push({
      sql: 'SELECT id FROM files WHERE number_sort = @candNumber UNION SELECT rowid FROM files_search WHERE files_search MATCH @cand',
      params: { cand: text, candNumber: word.number },
    });
  }
  const limit = Math.max(1, Math.min(COLLECT_MAX, Math.ceil(libraryRows() / WALK_ROWS_PER_MATCH)));
  if (!sources.length) {
    // No word the trigram index can find (all shorter than 3 characters): one pass over the
    // table, stopping at the limit, is the only source. Kept per search (`scans`) so the page,
    // the counts and the groups of one search share it.
    const key = matching.search.trim();
    let ids = scans?.get(key);
    if (ids === undefined) {
      const found = db.prepare(`SELECT id FROM files ${whereOf(wordTests)} LIMIT @limit`).pluck().all({ ...params, limit }) as number[];
      ids = found.length < limit ? found : null;
      scans?.set(key, ids);
    }
    if (ids) return { tests, params: { ...params, candIds: JSON.stringify(ids) }, candidates: 'SELECT value AS id FROM json_each(@candIds)', indexed: null };
  }
  let best: { sql: string; params: Record<string, unknown>; size: number } | null = null;
  for (const source of sources) {
    // Reads the source only up to `limit` rows: a common word's list is never read whole.
    const size = db.prepare(`SELECT COUNT(*) FROM (${source.sql} LIMIT @limit)`).pluck().get({ ...source.params, limit }) as number;
    if (size < limit && (!best || size < best.size)) best = { ...source, size };
  }
  if (best) return { tests, params: { ...params, ...best.params }, candidates: best.sql, indexed: null };
  if (!indexed) return { tests, params, candidates: null, indexed: null };
  return { tests, params: { ...params, cand: indexed }, candidates: null, indexed: sources[0]!.sql };
}
