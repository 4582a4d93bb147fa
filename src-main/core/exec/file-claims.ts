import type { Db } from '../db/open-database.ts';
import { localOwnerAlive, newBootId } from '../jobs/lease.ts';

/**
 * A claim on another host cannot be checked by pid: it is taken over once older than this.
 * Longer than the item timeout (10 min), so a live item there is never overtaken.
 */
export const REMOTE_CLAIM_TTL_MS = 15 * 60_000;
/** Ids per statement: below SQLite's bound-parameter limit, and one page of a job fits few. */
const CHUNK = 500;

/** A file another process (or another job) has in flight, as a scan must avoid it. */
export interface HeldFile {
  id: number;
  relPath: string;
  ino: string;
}

/** One job's claims: taken before its items' file rows are read, released in the commit of their results. */
export interface JobClaims {
  /** Claims these files; returns the ids someone else holds (alive), which must not be touched now. */
  claim(fileIds: number[]): Set<number>;
  /** Gives files back. Inside the transaction that records their items, so the next owner reads committed rows. */
  release(fileIds: number[]): void;
}

/**
 * Cross-process file claims in the shared SQLite database (docs/concurrency.md): the app,
 * `serve`, `watch` and CLI commands may run on one data folder, and a file in flight in one of
 * them is neither read nor written by another. The in-process `FileLocks` keep jobs of one
 * process apart and wake them; these rows keep processes apart. Owner = `host:pid:random#jobId`,
 * so a crashed process's claims are recognised as dead (pid gone) and taken over at once.
 */
export class FileClaims {
  /** This process; every owner string of ours starts with it. */
  readonly process = `${newBootId().id}#`;
  readonly #db: Db;
  readonly #now: () => number;
  readonly #insert;
  readonly #take;

  constructor(db: Db, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
    this.#insert = db.prepare('INSERT INTO file_claims (file_id, owner, claimed_at) VALUES (?, ?, ?) ON CONFLICT (file_id) DO NOTHING');
    this.#take = db.prepare('UPDATE file_claims SET owner = ?, claimed_at = ? WHERE file_id = ?');
  }

  forJob(jobId: string): JobClaims {
    const owner = this.process + jobId;
    return {
      claim: (ids) => this.#claim(owner, ids),
      release: (ids) => this.#release(owner, ids),
    };
  }

  /**
   * Files of a root held by live owners of *other* processes: a scan keeps their index rows and
   * does not read them (they may be half-written). Dead owners' claims are dropped on the way.
   */
  heldElsewhere(rootId: number): HeldFile[] {
    const rows = this.#db
      .prepare(
        `SELECT c.file_id AS id, c.owner, c.claimed_at, f.rel_path AS relPath, f.ino
           FROM file_claims c JOIN files f ON f.id = c.file_id
          WHERE f.root_id = ? AND substr(c.owner, 1, ?) <> ?`,
      )
      .all(rootId, this.process.length, this.process) as Array<HeldFile & { owner: string; claimed_at: number }>;
    const alive = this.#liveness();
    const dead = rows.filter((r) => !alive(r.owner, r.claimed_at));
    if (dead.length) this.#db.prepare(`DELETE FROM file_claims WHERE file_id IN (${dead.map(() => '?').join(',')})`).run(...dead.map((r) => r.id));
    return rows.filter((r) => !dead.includes(r)).map(({ id, relPath, ino }) => ({ id, relPath, ino }));
  }

  /** SQLite's data_version: changes exactly when another connection (process) commits. */
  mark(): number {
    return this.#db.pragma('data_version', { simple: true }) as number;
  }

  exclusive<T>(mark: number, write: (othersCommitted: boolean) => T): T {
    return this.#db.transaction(() => write(this.mark() !== mark)).immediate();
  }

  #claim(owner: string, ids: number[]): Set<number> {
    const busy = new Set<number>();
    if (!ids.length) return busy;
    const now = this.#now();
    // IMMEDIATE: the check and the insert are one step for every process on this database.
    this.#db
      .transaction(() => {
        for (const id of ids) this.#insert.run(id, owner, now);
        const alive = this.#liveness();
        for (let i = 0; i < ids.length; i += CHUNK) {
          const chunk = ids.slice(i, i + CHUNK);
          const held = this.#db
            .prepare(`SELECT file_id, owner, claimed_at FROM file_claims WHERE file_id IN (${chunk.map(() => '?').join(',')}) AND owner <> ?`)
            .all(...chunk, owner) as Array<{ file_id: number; owner: string; claimed_at: number }>;
          for (const row of held) {
            if (alive(row.owner, row.claimed_at)) busy.add(row.file_id);
            else this.#take.run(owner, now, row.file_id);
          }
        }
      })
      .immediate();
    return busy;
  }

  #release(owner: string, ids: number[]): void {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      this.#db.prepare(`DELETE FROM file_claims WHERE owner = ? AND file_id IN (${chunk.map(() => '?').join(',')})`).run(owner, ...chunk);
    }
  }

  /** Liveness per owner, asked of the OS once per call however many files an owner holds. */
  #liveness(): (owner: string, claimedAt: number) => boolean {
    const seen = new Map<string, boolean | null>();
    const now = this.#now();
    return (owner, claimedAt) => {
      // Another job of this process: alive by definition (its runner releases when it ends).
      if (owner.startsWith(this.process)) return true;
      const host = owner.slice(0, owner.indexOf('#'));
      if (!seen.has(host)) seen.set(host, localOwnerAlive(host));
      return seen.get(host) ?? now - claimedAt < REMOTE_CLAIM_TTL_MS;
    };
  }
}
