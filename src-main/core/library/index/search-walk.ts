import type { Db } from '../../db/open-database.ts';
import { whereOf } from './search-plan.ts';

/** A point of a dense search's walk of one order: `before` matches precede row `raw` of it. */
export interface WalkMark {
  raw: number;
  before: number;
}

/** Rows of the order counted at once between marks (a few ms each). */
const WINDOW = 4096;

/**
 * The ids of a dense search's page, in order (docs/architecture.md, "List queries"). `source`
 * lists every row id of the order (`rid`), which a covering index skips through at almost no
 * cost; `tests` pick the matches. From the furthest mark at or before the page, whole windows
 * of the order are counted until the page is in reach, each leaving a mark, so the next page or
 * a jump back starts near it instead of testing every row before it again.
 */
export function walkToPage(
  db: Db,
  walk: { source: string; tests: string[]; params: Record<string, unknown> },
  marks: WalkMark[],
  skip: number,
  take: number,
): number[] {
  const rows = `(${walk.source} LIMIT @window OFFSET @raw) AS s CROSS JOIN files ON files.id = s.rid`;
  const count = db.prepare(`SELECT COUNT(*) AS rows, COALESCE(SUM(${walk.tests.join(' AND ') || '1'}), 0) AS n FROM ${rows}`);
  let at = marks.findLast((mark) => mark.before <= skip) ?? { raw: 0, before: 0 };
  // Counting a window only pays when the page lies beyond it: at least a page of matches away.
  while (skip - at.before >= take) {
    const window = count.get({ ...walk.params, window: WINDOW, raw: at.raw }) as { rows: number; n: number };
    if (at.before + window.n > skip || window.rows < WINDOW) break;
    at = { raw: at.raw + WINDOW, before: at.before + window.n };
    const after = marks.findIndex((mark) => mark.raw >= at.raw);
    if (after < 0) marks.push(at);
    else if (marks[after]!.raw !== at.raw) marks.splice(after, 0, at);
  }
  // The source's order carries through the join: it is the outer loop, read as a co-routine.
  return db
    .prepare(`SELECT files.id FROM ${rows} ${whereOf(walk.tests)} LIMIT @take OFFSET @skip`)
    .pluck()
    .all({ ...walk.params, window: -1, raw: at.raw, take, skip: skip - at.before }) as number[];
}
