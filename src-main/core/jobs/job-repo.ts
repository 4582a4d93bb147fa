import type Database from 'better-sqlite3';
import { LongboxError, type ErrorCode, type ErrorInfo } from '../../../src-shared/contract/errors.ts';
import { TERMINAL_JOB_STATES, type JobItem, type JobItemState, type JobKind, type JobSnapshot, type JobState } from '../../../src-shared/contract/jobs.ts';
import { jobOutcome } from './job-outcome.ts';
import type { Db } from '../db/open-database.ts';
import type { ItemSnapshot } from '../operations/operation-types.ts';
import type { ItemSource } from '../library/index/item-source.ts';
import { transition, type JobEvent } from './job-state.ts';

export interface JobRow {
  /** The integer key item rows refer to; the UUID `id` is what the contract exposes. */
  key: number;
  id: string;
  kind: JobKind;
  title: string;
  scope: string;
  options: string;
  state: JobState;
  priority: number;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  heartbeat_at: number | null;
  lease_owner: string | null;
  lease_token: string | null;
  attempts: number;
  interruptions: number;
  cancel_requested: number;
  pause_requested: number;
  total: number;
  done: number;
  succeeded: number;
  skipped: number;
  failed: number;
  seq: number;
  last_error_code: string | null;
  last_error_message: string | null;
  seen: number;
  dispatched: number;
  parent_job_id: string | null;
  /** A paused job resumes by itself at this time (a provider quota was spent). */
  resumes_at: number | null;
  undone_by: string | null;
}

interface ItemRow {
  ordinal: number;
  file_id: number | null;
  rel_path: string;
  state: JobItemState;
  error_code: string | null;
  error_message: string | null;
  before: string | null;
  after: string | null;
  actions: string | null;
  finished_at: number | null;
}

/** What a runner's item writes address a job by. */
export type JobRef = Pick<JobRow, 'key' | 'id'>;

/** An unfinished item as a runner reads it. */
export interface PendingItem {
  ordinal: number;
  file_id: number | null;
  /** The item's path as recorded when the job was created. */
  item_path: string;
  input: string | null;
}

/** One finished item as the runner hands it to a flush. */
export interface ItemResult {
  ordinal: number;
  fileId: number | null;
  relPath: string;
  state: 'done' | 'skipped' | 'failed';
  error: ErrorInfo | null;
  before: ItemSnapshot | null;
  after: ItemSnapshot | null;
  actions: string[];
  finishedAt: number;
}

export interface NewJob {
  id: string;
  kind: JobKind;
  title: string;
  scope: unknown;
  options: unknown;
  priority: number;
  parentJobId: string | null;
  now: number;
}

/** Thrown inside a flush transaction when the fencing token no longer matches: rolls it back. */
export class LeaseLostError extends LongboxError {
  constructor(jobId: string) {
    super('JOB_LEASE_LOST', `Job ${jobId} is now owned by another runner.`);
  }
}

export function toSnapshot(row: JobRow): JobSnapshot {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    state: row.state,
    priority: row.priority,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    total: row.total,
    done: row.done,
    succeeded: row.succeeded,
    skipped: row.skipped,
    failed: row.failed,
    seq: row.seq,
    lastError: row.last_error_code ? ({ code: row.last_error_code, message: row.last_error_message ?? '' } as ErrorInfo) : null,
    cancelRequested: row.cancel_requested === 1,
    pauseRequested: row.pause_requested === 1,
    interruptions: row.interruptions,
    seen: row.seen === 1,
    parentJobId: row.parent_job_id,
    resumesAt: row.state === 'paused' ? (row.resumes_at ?? null) : null,
    outcome: jobOutcome(row),
    undoneBy: row.undone_by,
  };
}

function toItem(row: ItemRow): JobItem {
  return {
    ordinal: row.ordinal,
    fileId: row.file_id,
    relPath: row.rel_path,
    state: row.state,
    error: row.error_code ? ({ code: row.error_code, message: row.error_message ?? '' } as ErrorInfo) : null,
    before: row.before ? (JSON.parse(row.before) as ItemSnapshot) : null,
    after: row.after ? (JSON.parse(row.after) as ItemSnapshot) : null,
    actions: row.actions ? (JSON.parse(row.actions) as string[]) : [],
    finishedAt: row.finished_at,
  };
}

/**
 * An item's state as the contract shows it: a pending item at or below the job's `dispatched`
 * cursor is `running` (taken by a runner, possibly in flight). `?` is the job's cursor.
 */
const SHOWN_ITEM_STATE = "CASE WHEN state = 'pending' AND ordinal <= ? THEN 'running' ELSE state END";

const ACTIVE_STATES = "('queued','running','paused','interrupted')";
const TERMINAL_STATES = `(${TERMINAL_JOB_STATES.map((s) => `'${s}'`).join(',')})`;

/**
 * All SQL about jobs and job items. Every write by a runner is fenced by its lease token
 * (`WHERE id = ? AND lease_token = ?`): a runner that lost its lease changes nothing.
 */
export class JobRepo {
  readonly db: Db;
  readonly #get: Database.Statement<[string], JobRow>;
  readonly #flushJob: Database.Statement;
  readonly #finishItem: Database.Statement;
  readonly #takePage: Database.Statement;
  readonly #pending: Database.Statement<[number, number, number], PendingItem>;
  readonly #heartbeat: Database.Statement<[number, string, string], JobRow>;
  readonly #progress: Database.Statement<[{ total: number; done: number; failed: number; now: number; id: string; token: string }], JobRow>;

  constructor(db: Db) {
    this.db = db;
    this.#get = db.prepare('SELECT * FROM jobs WHERE id = ?');
    this.#flushJob = db.prepare(`
      UPDATE jobs SET done = done + @done, succeeded = succeeded + @succeeded, skipped = skipped + @skipped,
             failed = failed + @failed, heartbeat_at = @now, seq = seq + 1
       WHERE key = @key AND lease_token = @token AND state = 'running'
      RETURNING *`);
    // Positional parameters: this runs once per item, and binding an object by name adds about
    // half the UPDATE's own cost again.
    this.#finishItem = db.prepare(`
      UPDATE job_items SET state = ?, error_code = ?, error_message = ?, before = ?, after = ?, actions = ?, finished_at = ?
       WHERE job_key = ? AND ordinal = ?`);
    // MAX: a job a dead runner left `running` may be resumed without recovery (a request on it),
    // and the items that runner took must still count as possibly in flight.
    this.#takePage = db.prepare(
      "UPDATE jobs SET dispatched = MAX(dispatched, ?) WHERE key = ? AND lease_token = ? AND state = 'running'",
    );
    this.#pending = db.prepare(
      `SELECT ordinal, file_id, rel_path AS item_path, input FROM job_items
        WHERE job_key = ? AND state = 'pending' AND ordinal > ? ORDER BY ordinal LIMIT ?`,
    );
    this.#heartbeat = db.prepare("UPDATE jobs SET heartbeat_at = ? WHERE id = ? AND lease_token = ? AND state = 'running' RETURNING *");
    this.#progress = db.prepare(
      `UPDATE jobs SET total = @total, done = @done, succeeded = @done - @failed, failed = @failed, heartbeat_at = @now,
              seq = seq + 1
        WHERE id = @id AND lease_token = @token AND state = 'running' RETURNING *`,
    );
  }

  find(id: string): JobRow | undefined {
    return this.#get.get(id);
  }

  get(id: string): JobRow {
    const row = this.find(id);
    if (!row) throw new LongboxError('JOB_NOT_FOUND', `No job with id ${id}.`);
    return row;
  }

  /** Inserts the job and its items (one INSERT…SELECT over the source) in one transaction. */
  create(job: NewJob, source: ItemSource | null): JobRow {
    return this.db
      .transaction(() => {
        const row = this.db
          .prepare(
            `INSERT INTO jobs (id, kind, title, scope, options, priority, created_at, parent_job_id)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
          )
          .get(job.id, job.kind, job.title, JSON.stringify(job.scope), JSON.stringify(job.options), job.priority, job.now, job.parentJobId) as JobRow;
        if (!source) return row;
        const { changes } = this.db
          .prepare(
            `INSERT INTO job_items (job_key, ordinal, file_id, rel_path, input)
             SELECT ?, ROW_NUMBER() OVER (ORDER BY o1, o2, o3), file_id, rel_path, input FROM (${source.sql})`,
          )
          .run(row.key, ...source.params);
        return this.db.prepare('UPDATE jobs SET total = ? WHERE key = ? RETURNING *').get(changes, row.key) as JobRow;
      })
      .immediate();
  }

  /** A page of an item source without creating anything (dry-run previews). */
  sourcePage(source: ItemSource, offset: number, limit: number) {
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM (${source.sql})`).get(...source.params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT file_id, rel_path, input FROM (${source.sql}) ORDER BY o1, o2, o3 LIMIT ? OFFSET ?`)
      .all(...source.params, limit, offset) as Array<{ file_id: number | null; rel_path: string; input: string | null }>;
    return { total, rows };
  }

  list(states: JobState[] | undefined, offset: number, limit: number): { total: number; jobs: JobSnapshot[] } {
    const where = states?.length ? `WHERE state IN (${states.map(() => '?').join(',')})` : '';
    const params = states ?? [];
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM jobs ${where}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM jobs ${where} ORDER BY created_at DESC, id LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as JobRow[];
    return { total, jobs: rows.map(toSnapshot) };
  }

  active(): { active: JobSnapshot[]; unseen: JobSnapshot[] } {
    const active = this.db
      .prepare(`SELECT * FROM jobs WHERE state IN ${ACTIVE_STATES} ORDER BY priority DESC, created_at`)
      .all() as JobRow[];
    const unseen = this.db
      .prepare(`SELECT * FROM jobs WHERE state IN ${TERMINAL_STATES} AND seen = 0 ORDER BY finished_at DESC`)
      .all() as JobRow[];
    return { active: active.map(toSnapshot), unseen: unseen.map(toSnapshot) };
  }

  /** A page of a job's items, optionally only those in `states` and (history filters) with one of `codes`. */
  items(jobId: string, states: JobItemState[] | undefined, offset: number, limit: number, codes?: ErrorCode[]): { total: number; items: JobItem[] } {
    const job = this.get(jobId);
    let where = states?.length ? ` AND ${SHOWN_ITEM_STATE} IN (${states.map(() => '?').join(',')})` : '';
    const params: Array<string | number> = states?.length ? [job.key, job.dispatched, ...states] : [job.key];
    if (codes?.length) {
      where += ` AND error_code IN (${codes.map(() => '?').join(',')})`;
      params.push(...codes);
    }
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM job_items WHERE job_key = ?${where}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(
        `SELECT ordinal, file_id, rel_path, ${SHOWN_ITEM_STATE} AS state, error_code, error_message, before, after, actions, finished_at
           FROM job_items WHERE job_key = ?${where} ORDER BY ordinal LIMIT ? OFFSET ?`,
      )
      .all(job.dispatched, ...params, limit, offset) as ItemRow[];
    return { total, items: rows.map(toItem) };
  }

  /** Paused jobs that resume by themselves (spent provider quota), soonest first. */
  timedPauses(): Array<{ id: string; resumes_at: number }> {
    return this.db
      .prepare("SELECT id, resumes_at FROM jobs WHERE state = 'paused' AND resumes_at IS NOT NULL ORDER BY resumes_at")
      .all() as Array<{ id: string; resumes_at: number }>;
  }

  /** Jobs that could be claimed now, best first. */
  runnable(): JobRow[] {
    return this.db
      .prepare("SELECT * FROM jobs WHERE state IN ('queued','interrupted') ORDER BY priority DESC, created_at, id")
      .all() as JobRow[];
  }

  /**
   * Takes the lease: BEGIN IMMEDIATE, so two processes racing for one job serialize and only
   * one sees it claimable. A fresh token per claim fences off any earlier runner of the job.
   */
  claim(id: string, owner: string, token: string, now: number): JobRow | null {
    return this.db
      .transaction(() => {
        const row = this.find(id);
        if (!row || row.cancel_requested || !transition(row.state, 'claim')) return null;
        return this.db
          .prepare(
            `UPDATE jobs SET state = 'running', lease_owner = ?, lease_token = ?, heartbeat_at = ?,
                    started_at = COALESCE(started_at, ?), attempts = attempts + 1, seq = seq + 1
              WHERE id = ? RETURNING *`,
          )
          .get(owner, token, now, now, id) as JobRow;
      })
      .immediate();
  }

  /**
   * One batch: job counters + heartbeat first (fenced; 0 rows → LeaseLostError rolls back the
   * whole transaction), then item rows, then whatever `also` writes (the files index).
   */
  flush(job: JobRef, token: string, now: number, results: ItemResult[], also: () => void): JobRow {
    const counts = { done: results.length, succeeded: 0, skipped: 0, failed: 0 };
    for (const r of results) counts[r.state === 'done' ? 'succeeded' : r.state] += 1;
    return this.db.transaction(() => {
      const row = this.#flushJob.get({ ...counts, now, key: job.key, token }) as JobRow | undefined;
      if (!row) throw new LeaseLostError(job.id);
      for (const r of results) {
        this.#finishItem.run(
          r.state,
          r.error?.code ?? null,
          r.error?.message ?? null,
          r.before ? JSON.stringify(r.before) : null,
          r.after ? JSON.stringify(r.after) : null,
          r.actions.length ? JSON.stringify(r.actions) : null,
          Math.round(r.finishedAt),
          job.key,
          r.ordinal,
        );
      }
      also();
      return row;
    })();
  }

  /**
   * Moves the job's `dispatched` cursor to the end of the next page before any of its items is
   * dispatched (fenced; one row per page, not one per item). After a crash, exactly the pending
   * items at or below the cursor may have been in flight: recovery re-checks only their files.
   * False when the lease is gone.
   */
  takePage(job: JobRef, token: string, last: number): boolean {
    return this.#takePage.run(last, job.key, token).changes === 1;
  }

  /** The next unfinished items of a job after `ordinal`, in order (a runner's page). */
  pendingPage(job: JobRef, after: number, limit: number): PendingItem[] {
    return this.#pending.all(job.key, after, limit);
  }

  /** Jobs in the `running` state, whoever runs them (start-up recovery). */
  running(): JobRow[] {
    return this.db.prepare("SELECT * FROM jobs WHERE state = 'running'").all() as JobRow[];
  }

  /**
   * A runner's state change (complete, cancel, stop, release, fail), fenced by its token.
   * Returns null when the lease is gone or the table forbids the move. `resumesAt`: a pause
   * that ends by itself at that time (docs/identify.md, spent provider quota).
   */
  finishRun(id: string, token: string, event: JobEvent, now: number, error: ErrorInfo | null = null, resumesAt: number | null = null): JobRow | null {
    return this.db
      .transaction(() => {
        const row = this.find(id);
        if (!row || row.lease_token !== token) return null;
        // A cancel that arrived after the last item still wins: the user asked for it.
        const next = transition(row.state, event === 'complete' && row.cancel_requested ? 'cancel' : event);
        if (!next) return null;
        const terminal = next === 'completed' || next === 'failed' || next === 'cancelled';
        // dispatched = 0: the runner lets go, so none of its items counts as in flight any more;
        // the next runner takes the pending ones afresh.
        return this.db
          .prepare(
            `UPDATE jobs SET state = ?, lease_owner = NULL, lease_token = NULL, heartbeat_at = NULL, dispatched = 0,
                    finished_at = ?, last_error_code = COALESCE(?, last_error_code),
                    last_error_message = COALESCE(?, last_error_message),
                    pause_requested = CASE WHEN ? = 'paused' THEN 0 ELSE pause_requested END, resumes_at = ?, seq = seq + 1
              WHERE id = ? RETURNING *`,
          )
          .get(next, terminal ? now : null, error?.code ?? null, error?.message ?? null, next, next === 'paused' ? resumesAt : null, id) as JobRow;
      })
      .immediate();
  }

  /** Progress of a job without item rows (scan), fenced like a flush. */
  progress(id: string, token: string, now: number, counts: { total: number; done: number; failed: number }): JobRow | null {
    return this.#progress.get({ ...counts, now, id, token }) ?? null;
  }

  /** Heartbeat between flushes; also how a runner learns of requests made by other processes. */
  heartbeat(id: string, token: string, now: number): JobRow | null {
    return this.#heartbeat.get(now, id, token) ?? null;
  }

  /**
   * A user request (cancel/pause/resume) on a job nobody is running: a direct state change.
   * On a job with a live runner it only sets the flag; the runner honours it (in this process
   * at once, in another at its next flush or heartbeat).
   */
  request(id: string, event: 'cancel' | 'pause' | 'resume', runnerAlive: (row: JobRow) => boolean, now: number): JobRow {
    return this.db
      .transaction(() => {
        const row = this.get(id);
        if (row.state === 'running' && runnerAlive(row)) {
          if (event === 'resume') {
            return this.#set(id, 'pause_requested = 0');
          }
          return this.#set(id, event === 'cancel' ? 'cancel_requested = 1' : 'pause_requested = 1');
        }
        // A running row without a live runner is a crash recovery has not seen yet: act on it
        // as the interrupted job it is.
        const state = row.state === 'running' ? 'interrupted' : row.state;
        const next = transition(state, event);
        if (!next) throw new LongboxError('JOB_INVALID_STATE', `Cannot ${event} a job that is ${row.state}.`);
        const terminal = next === 'cancelled';
        return this.db
          .prepare(
            `UPDATE jobs SET state = ?, lease_owner = NULL, lease_token = NULL, heartbeat_at = NULL,
                    finished_at = ?, cancel_requested = ?, pause_requested = 0, resumes_at = NULL, seq = seq + 1
              WHERE id = ? RETURNING *`,
          )
          .get(next, terminal ? now : null, event === 'cancel' ? 1 : 0, id) as JobRow;
      })
      .immediate();
  }

  #set(id: string, assignment: string): JobRow {
    return this.db.prepare(`UPDATE jobs SET ${assignment}, seq = seq + 1 WHERE id = ? RETURNING *`).get(id) as JobRow;
  }

  /** A completed undo job restored `id`'s files: `id` offers no second undo. */
  markUndone(id: string, undoJobId: string): JobRow | undefined {
    return this.db.prepare('UPDATE jobs SET undone_by = ?, seq = seq + 1 WHERE id = ? RETURNING *').get(undoJobId, id) as JobRow | undefined;
  }

  /** An undo of `id` that has not finished yet (queued, running, paused, interrupted). */
  activeUndoOf(id: string): JobRow | undefined {
    return this.db
      .prepare(`SELECT * FROM jobs WHERE parent_job_id = ? AND kind = 'undo' AND state IN ${ACTIVE_STATES} LIMIT 1`)
      .get(id) as JobRow | undefined;
  }

  acknowledge(id: string): JobRow {
    const row = this.get(id);
    if (row.state !== 'completed' && row.state !== 'failed' && row.state !== 'cancelled') {
      throw new LongboxError('JOB_INVALID_STATE', `Job ${id} has not finished yet.`);
    }
    if (row.seen) return row;
    return this.#set(id, 'seen = 1');
  }

  /**
   * Start-up recovery, one IMMEDIATE transaction: every `running` job whose runner is gone
   * becomes `interrupted` (or `failed` after too many interruptions), and its `dispatched`
   * cursor goes back to 0: the pending items below it are the items in flight at the crash,
   * already reconciled on disk by the operations' recovery (and their files re-stat'ed), so
   * running them again applies them once.
   */
  recoverInterrupted(
    runnerAlive: (row: JobRow) => boolean,
    maxInterruptions: number,
    now: number,
  ): { interrupted: JobRow[]; ended: JobRow[] } {
    return this.db
      .transaction(() => {
        const interrupted: JobRow[] = [];
        const ended: JobRow[] = [];
        for (const row of this.running()) {
          if (runnerAlive(row)) continue;
          const count = row.interruptions + 1;
          if (row.cancel_requested) {
            ended.push(this.#setState(row.id, 'cancelled', count, now, null));
          } else if (count >= maxInterruptions) {
            ended.push(
              this.#setState(row.id, 'failed', count, now, {
                code: 'JOB_CRASHED_REPEATEDLY',
                message: `Longbox stopped ${count} times while this job ran, so it was not resumed again (one of its files may crash it). Retry it to run its remaining items.`,
              }),
            );
          } else interrupted.push(this.#setState(row.id, 'interrupted', count, now, null));
        }
        return { interrupted, ended };
      })
      .immediate();
  }

  #setState(id: string, state: JobState, interruptions: number, now: number, error: ErrorInfo | null): JobRow {
    const terminal = state !== 'interrupted';
    return this.db
      .prepare(
        `UPDATE jobs SET state = ?, interruptions = ?, lease_owner = NULL, lease_token = NULL, heartbeat_at = NULL, dispatched = 0,
                finished_at = ?, last_error_code = ?, last_error_message = ?, seq = seq + 1
          WHERE id = ? RETURNING *`,
      )
      .get(state, interruptions, terminal ? now : null, error?.code ?? null, error?.message ?? null, id) as JobRow;
  }

  /** Retention: finished jobs older than the cutoff, unless an unfinished undo/retry still reads them. */
  pruneFinishedBefore(cutoff: number): number {
    return this.db
      .prepare(
        `DELETE FROM jobs WHERE state IN ${TERMINAL_STATES} AND finished_at < ?
            AND id NOT IN (SELECT parent_job_id FROM jobs WHERE parent_job_id IS NOT NULL AND state IN ${ACTIVE_STATES})`,
      )
      .run(cutoff).changes;
  }
}
