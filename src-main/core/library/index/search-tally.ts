import type { FileStatus, Filter, SearchCounts } from '../../../../src-shared/contract/library.ts';
import type { FolderSeek, ParsedQuery } from './file-query.ts';
import type { FolderGroup } from '../../../../src-shared/contract/library-view.ts';
import type { Db } from '../../db/open-database.ts';
import { statusCounts } from './file-query.ts';
import { fromCandidates, whereOf, type MatchPlan } from './search-plan.ts';

/** Matches of a search per root, folder and status: every exact count and folder group. */
export type Tally = Array<{ rootId: number; folder: string; status: FileStatus; n: number }>;

/** Ids per slice of a dense tally: a few ms of the main thread each (≤ ~30 ms on a loaded 2-core machine). */
const SLICE_IDS = 2048;

/**
 * Counts every match of a search exactly, without holding the main thread: a dense search's
 * rows are tested in slices of ids with a turn of the event loop between them, so the pages
 * and counts of a search typed meanwhile are answered within one slice (docs/architecture.md,
 * "List queries"). Rows written between slices are counted as they are then; the caller keeps
 * the result only if nothing changed.
 */
export async function tallyMatches(db: Db, plan: MatchPlan): Promise<Tally> {
  const select = 'SELECT root_id AS rootId, folder, status, COUNT(*) AS n';
  if (plan.candidates) {
    return db.prepare(`${select} FROM ${fromCandidates(plan)} ${whereOf(plan.tests)} GROUP BY 1, 2, 3`).all(plan.params) as Tally;
  }
  const slice = db.prepare(`${select} FROM files ${whereOf(['id BETWEEN @lo AND @hi', ...plan.tests])} GROUP BY 1, 2, 3`);
  // Two statements: SQLite answers a lone min() or max() from the index end, both at once by a scan.
  const lo = db.prepare('SELECT min(id) FROM files').pluck().get() as number | null;
  const hi = db.prepare('SELECT max(id) FROM files').pluck().get() as number | null;
  const merged = new Map<string, Tally[number]>();
  for (let from = lo ?? 1; hi !== null && from <= hi; from += SLICE_IDS) {
    for (const row of slice.all({ ...plan.params, lo: from, hi: from + SLICE_IDS - 1 }) as Tally) {
      const key = JSON.stringify([row.rootId, row.folder, row.status]);
      const known = merged.get(key);
      if (known) known.n += row.n;
      else merged.set(key, row);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return [...merged.values()];
}

const inFilter = (filter: Filter) => (status: FileStatus) => filter === 'all' || status === filter;

export function tallyCounts(tally: Tally): SearchCounts {
  return { ...statusCounts(tally.map(({ status, n }) => ({ status, n }))), lowerBounds: [] };
}

export function tallyTotal(tally: Tally, filter: Filter): number {
  const counted = inFilter(filter);
  return tally.reduce((sum, row) => sum + (counted(row.status) ? row.n : 0), 0);
}

/** Groups per tally and filter, once sorted (a grouped page of a tallied search seeks with them). */
const sortedGroups = new WeakMap<Tally, Map<Filter, FolderGroup[]>>();

/** Folder groups of the matches with a filter, ordered by SQLite as a grouped page is. */
export function tallyGroups(db: Db, tally: Tally, filter: Filter): FolderGroup[] {
  const kept = sortedGroups.get(tally) ?? new Map<Filter, FolderGroup[]>();
  sortedGroups.set(tally, kept);
  const known = kept.get(filter);
  if (known) return known;
  const counted = inFilter(filter);
  const groups = new Map<string, FolderGroup>();
  for (const row of tally) {
    if (!counted(row.status)) continue;
    const key = JSON.stringify([row.rootId, row.folder]);
    const group = groups.get(key);
    if (group) group.count += row.n;
    else groups.set(key, { rootId: row.rootId, folder: row.folder, count: row.n });
  }
  // `folder COLLATE NOCASE` exactly as the page query orders it.
  const sorted = db
    .prepare(
      `SELECT value ->> '$.rootId' AS rootId, value ->> '$.folder' AS folder, value ->> '$.count' AS count
         FROM json_each(?) ORDER BY 1, 2 COLLATE NOCASE`,
    )
    .all(JSON.stringify([...groups.values()])) as FolderGroup[];
  kept.set(filter, sorted);
  return sorted;
}

/** SQLite's NOCASE: ASCII letters only. */
const nocase = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * Where a grouped page of a tallied search starts: the folder holding its first row and the
 * matches before that folder, so the page seeks to the folder in the folder index instead of
 * walking every match before it. Undefined when the page runs on past its root's folders
 * (the seek stays within one root, where the index range is exact).
 */
export function groupSeek(db: Db, tally: Tally, query: Pick<ParsedQuery, 'filter' | 'offset' | 'limit'>): FolderSeek | undefined {
  const groups = tallyGroups(db, tally, query.filter);
  let before = 0;
  let at = 0;
  for (; at < groups.length && before + groups[at]!.count <= query.offset; at++) before += groups[at]!.count;
  // Folders equal but for case share one place in the order, their rows interleaved: start at the first.
  const same = (a: FolderGroup, b: FolderGroup) => a.rootId === b.rootId && nocase(a.folder) === nocase(b.folder);
  while (at > 0 && at < groups.length && same(groups[at - 1]!, groups[at]!)) before -= groups[--at]!.count;
  const start = groups[at];
  if (!start) return undefined;
  let rootEnd = before;
  for (let i = at; i < groups.length && groups[i]!.rootId === start.rootId; i++) rootEnd += groups[i]!.count;
  const lastRoot = groups.at(-1)!.rootId === start.rootId;
  return query.offset + query.limit <= rootEnd || lastRoot ? { rootId: start.rootId, folder: start.folder, before } : undefined;
}
