import type { FileStatus, Filter, SearchCounts } from '../../../../src-shared/contract/library.ts';
import type { FolderGroup } from '../../../../src-shared/contract/library-view.ts';
import type { Db } from '../../db/open-database.ts';
import { fromCandidates, statusCounts, whereOf } from './file-query.ts';
import type { MatchPlan } from './search-plan.ts';

/** Matches of a search per root, folder and status: every exact count and folder group. */
export type Tally = Array<{ rootId: number; folder: string; status: FileStatus; n: number }>;

/** Ids per slice of a dense tally: ~10–15 ms of the main thread each on a 2-core machine. */
const SLICE_IDS = 8192;

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
  const { lo, hi } = db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM files').get() as { lo: number | null; hi: number | null };
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

/** Folder groups of the matches with a filter, ordered by SQLite as a grouped page is. */
export function tallyGroups(db: Db, tally: Tally, filter: Filter): FolderGroup[] {
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
  return db
    .prepare(
      `SELECT value ->> '$.rootId' AS rootId, value ->> '$.folder' AS folder, value ->> '$.count' AS count
         FROM json_each(?) ORDER BY 1, 2 COLLATE NOCASE`,
    )
    .all(JSON.stringify([...groups.values()])) as FolderGroup[];
}
