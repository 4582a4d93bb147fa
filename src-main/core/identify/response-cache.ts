/**
 * Provider responses and cover images, cached in SQLite with a time to live, so a second run
 * over the same files sends no request at all and cover images are fetched once
 * (docs/identify.md). Keys never contain credentials.
 */
import type { Db } from '../db/open-database.ts';

export const API_TTL_MS = 7 * 24 * 3_600_000;
export const IMAGE_TTL_MS = 30 * 24 * 3_600_000;

export interface CachedBody {
  mime: string;
  body: Buffer;
}

export class ResponseCache {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  get(key: string, now: number): CachedBody | null {
    const row = this.#db.prepare('SELECT mime, body FROM provider_cache WHERE key = ? AND expires_at > ?').get(key, now) as CachedBody | undefined;
    return row ?? null;
  }

  put(key: string, value: CachedBody, expiresAt: number, now: number): void {
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM provider_cache WHERE expires_at <= ?').run(now);
      this.#db
        .prepare('INSERT INTO provider_cache (key, mime, body, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET mime = excluded.mime, body = excluded.body, expires_at = excluded.expires_at')
        .run(key, value.mime, value.body, expiresAt);
    })();
  }
}
