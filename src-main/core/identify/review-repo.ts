/**
 * The review queue (docs/identify.md): one row per file whose best candidate was not clear
 * enough to apply. Written in the same transaction as the job item that sent it there; removed
 * when a choice is applied, the file is skipped, or a later run identifies it.
 */
import type { Candidate, IdentifyQuery, Review } from '../../../src-shared/contract/identify.ts';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import type { Db } from '../db/open-database.ts';

interface ReviewRow {
  id: number;
  file_id: number | null;
  rel_path: string;
  job_id: string | null;
  query: string;
  candidates: string;
  created_at: number;
}

function toReview(row: ReviewRow): Review {
  return {
    id: row.id,
    fileId: row.file_id,
    relPath: row.rel_path,
    jobId: row.job_id,
    query: JSON.parse(row.query) as IdentifyQuery,
    candidates: JSON.parse(row.candidates) as Candidate[],
    createdAt: row.created_at,
  };
}

export class ReviewRepo {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** One pending review per file: a newer run replaces the older one. */
  put(review: { fileId: number; relPath: string; jobId: string | null; query: IdentifyQuery; candidates: Candidate[] }, now: number): void {
    this.#db
      .prepare(
        `INSERT INTO identify_reviews (file_id, rel_path, job_id, query, candidates, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(file_id) DO UPDATE SET rel_path = excluded.rel_path, job_id = excluded.job_id, query = excluded.query,
           candidates = excluded.candidates, created_at = excluded.created_at`,
      )
      .run(review.fileId, review.relPath, review.jobId, JSON.stringify(review.query), JSON.stringify(review.candidates), now);
  }

  get(id: number): Review {
    const row = this.#db.prepare('SELECT * FROM identify_reviews WHERE id = ?').get(id) as ReviewRow | undefined;
    if (!row) throw new LongboxError('NOT_FOUND', `No review ${id}.`);
    return toReview(row);
  }

  list(offset: number, limit: number): { total: number; reviews: Review[] } {
    const total = (this.#db.prepare('SELECT COUNT(*) AS n FROM identify_reviews').get() as { n: number }).n;
    const rows = this.#db.prepare('SELECT * FROM identify_reviews ORDER BY created_at, id LIMIT ? OFFSET ?').all(limit, offset) as ReviewRow[];
    return { total, reviews: rows.map(toReview) };
  }

  replaceCandidates(id: number, query: IdentifyQuery, candidates: Candidate[]): Review {
    this.#db.prepare('UPDATE identify_reviews SET query = ?, candidates = ? WHERE id = ?').run(JSON.stringify(query), JSON.stringify(candidates), id);
    return this.get(id);
  }

  /** Whether some queued candidate shows this cover URL. */
  hasCover(url: string): boolean {
    return this.#db.prepare('SELECT 1 FROM identify_reviews WHERE instr(candidates, ?) > 0 LIMIT 1').get(JSON.stringify(url)) !== undefined;
  }

  removeFile(fileId: number): void {
    this.#db.prepare('DELETE FROM identify_reviews WHERE file_id = ?').run(fileId);
  }

  remove(id: number): void {
    this.get(id);
    this.#db.prepare('DELETE FROM identify_reviews WHERE id = ?').run(id);
  }
}
