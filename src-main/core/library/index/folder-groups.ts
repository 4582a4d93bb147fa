import type { z } from 'zod';
import type { FolderGroup, LIBRARY_VIEW_COMMANDS } from '../../../../src-shared/contract/library-view.ts';
import type { Db } from '../../db/open-database.ts';
import { fromCandidates, whereOf, type MatchPlan } from './search-plan.ts';

export type GroupsQuery = z.output<(typeof LIBRARY_VIEW_COMMANDS)['library.groups']['input']>;
export type IdsQuery = z.output<(typeof LIBRARY_VIEW_COMMANDS)['library.ids']['input']>;

/**
 * Folder groups in the order `queryFiles` lists them when grouping (root, then folder), for a
 * plan without a search (a search's groups come from its tally, search-tally.ts).
 */
export function queryGroups(db: Db, plan: MatchPlan): FolderGroup[] {
  return db
    .prepare(
      `SELECT root_id AS rootId, folder, COUNT(*) AS count FROM files ${whereOf(plan.tests)}
        GROUP BY root_id, folder ORDER BY root_id, folder COLLATE NOCASE`,
    )
    .all(plan.params) as FolderGroup[];
}

/**
 * Every matching file id (optionally of one folder), for selections over rows not loaded:
 * all of them, never only the counted ones ("select all matching", docs/ui.md "Selection").
 */
export function queryIds(db: Db, plan: MatchPlan, folder: IdsQuery['folder']): number[] {
  const tests = [...plan.tests];
  const params: Record<string, unknown> = { ...plan.params };
  if (folder) {
    tests.push('root_id = @groupRoot AND folder = @groupFolder');
    params.groupRoot = folder.rootId;
    params.groupFolder = folder.folder;
  }
  const from = plan.candidates ? fromCandidates(plan) : 'files';
  return db.prepare(`SELECT files.id FROM ${from} ${whereOf(tests)} ORDER BY files.id`).pluck().all(params) as number[];
}
