import { LongboxError } from '../../../../src-shared/contract/errors.ts';
import type { JobScope, JobSpec } from '../../../../src-shared/contract/jobs.ts';

/**
 * Part of the library index (the only SQL on `files`): the rows a job's items are made from,
 * as one SQL SELECT yielding `file_id, rel_path, input, o1, o2, o3` (o* = ordering). The same source feeds the
 * INSERT…SELECT at creation (one statement, fast for 100k files) and the paged dry-run preview,
 * so a preview shows exactly the files the job would touch, in the same order.
 */
export interface ItemSource {
  sql: string;
  params: unknown[];
}

const FILE_COLUMNS = 'f.id AS file_id, f.rel_path AS rel_path, NULL AS input, f.root_id AS o1, f.folder AS o2, f.name_key AS o3';

function fromFiles(scope: JobScope, extra: string | null): ItemSource {
  const where: string[] = [];
  const params: unknown[] = [];
  if (scope.type === 'selected') {
    where.push('f.id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(scope.fileIds));
  } else {
    if (scope.type === 'unprocessed') where.push("f.status = 'unprocessed'");
    if (scope.rootId !== null) {
      where.push('f.root_id = ?');
      params.push(scope.rootId);
    }
  }
  if (extra) where.push(extra);
  return { sql: `SELECT ${FILE_COLUMNS} FROM files f${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`, params };
}

/** Items made from another job's item rows (undo, retry); ordered as in that job. */
function fromJobItems(jobId: string, where: string, input: string): ItemSource {
  return {
    sql: `SELECT i.file_id AS file_id, COALESCE(f.rel_path, i.rel_path) AS rel_path, ${input} AS input,
                 i.ordinal AS o1, NULL AS o2, NULL AS o3
            FROM job_items i LEFT JOIN files f ON f.id = i.file_id
           WHERE i.job_key = (SELECT key FROM jobs WHERE id = ?) AND ${where}`,
    params: [jobId],
  };
}

export function itemSourceFor(spec: JobSpec): ItemSource | null {
  switch (spec.kind) {
    case 'process':
    case 'rename':
    case 'normalize':
    case 'noop':
    case 'identify':
      return fromFiles(spec.scope, null);
    case 'convert':
      return fromFiles(spec.scope, "f.ext = 'cbr'");
    case 'move-duplicate':
      return fromFiles(spec.scope, "f.status = 'duplicate'");
    case 'edit':
    case 'delete':
    case 'keep-both':
      return fromFiles({ type: 'selected', fileIds: spec.fileIds }, null);
    case 'undo':
      // Restore what the file was before; refuse it if it is no longer what the job left. Failed
      // items that changed the file first (applied-with-error: they carry an after-snapshot)
      // are restored too.
      return fromJobItems(
        spec.jobId,
        "(i.state = 'done' OR (i.state = 'failed' AND i.after IS NOT NULL)) AND i.before IS NOT NULL",
        "json_object('restore', json(i.before), 'guard', json(i.after))",
      );
    case 'scan':
      return null;
    default:
      throw new LongboxError('INVALID_INPUT', `Unknown job kind ${(spec satisfies never) as string}`);
  }
}

/**
 * A retry runs the failed items of a finished job again, with their original inputs; for a job
 * that itself failed (e.g. crashed repeatedly) also the items it never finished.
 */
export function retrySource(jobId: string, jobFailed: boolean): ItemSource {
  return fromJobItems(jobId, jobFailed ? "i.state NOT IN ('done','skipped')" : "i.state = 'failed'", 'i.input');
}
