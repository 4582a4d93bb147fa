import type { z } from 'zod';
import type { FolderGroup, LIBRARY_VIEW_COMMANDS } from '../../../../src-shared/contract/library-view.ts';
import type { Db } from '../../db/open-database.ts';
import { where } from './file-query.ts';

export type GroupsQuery = z.output<(typeof LIBRARY_VIEW_COMMANDS)['library.groups']['input']>;
export type IdsQuery = z.output<(typeof LIBRARY_VIEW_COMMANDS)['library.ids']['input']>;

/** Folder groups in the order `queryFiles` lists them when grouping (root, then folder). */
export function queryGroups(db: Db, query: GroupsQuery): FolderGroup[] {
  const w = where(query);
  return db
    .prepare(
      `SELECT root_id AS rootId, folder, COUNT(*) AS count FROM files ${w.sql}
        GROUP BY root_id, folder ORDER BY root_id, folder COLLATE NOCASE`,
    )
    .all(w.params) as FolderGroup[];
}

/** Every matching file id (optionally of one folder), for selections over rows not loaded. */
export function queryIds(db: Db, query: IdsQuery): number[] {
  const w = where(query);
  const clauses = w.sql ? [w.sql.slice('WHERE '.length)] : [];
  const params: Record<string, unknown> = { ...w.params };
  if (query.folder) {
    clauses.push('root_id = @groupRoot AND folder = @groupFolder');
    params.groupRoot = query.folder.rootId;
    params.groupFolder = query.folder.folder;
  }
  const sql = `SELECT id FROM files ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY id`;
  return (db.prepare(sql).pluck().all(params) as number[]);
}
