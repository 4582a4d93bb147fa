/**
 * Each provider's published request limits, kept in SQLite so that every job of every process
 * (the app, `serve`, the CLI) draws on one budget and a restart does not reset it
 * (docs/identify.md). A request is recorded, in a committed IMMEDIATE transaction, *before* it
 * is sent: two processes can never both take the last slot, and a crash after sending still
 * counts the request.
 */
import type { ProviderName } from '../../../src-shared/contract/identify.ts';
import type { Db } from '../db/open-database.ts';

export interface BudgetRule {
  /** Least time between two requests to the provider. */
  minIntervalMs: number;
  /** At most `limit` requests per `windowMs` (rolling), per resource or for the whole provider. */
  limit: number;
  windowMs: number;
  perResource: boolean;
}

const HOUR = 3_600_000;

/** Sources in docs/identify.md ("Request budgets"). */
export const BUDGET_RULES: Record<ProviderName, BudgetRule> = {
  comicvine: { minIntervalMs: 1000, limit: 200, windowMs: HOUR, perResource: true },
  metron: { minIntervalMs: 2000, limit: 10_000, windowMs: 24 * HOUR, perResource: false },
  anilist: { minIntervalMs: 2000, limit: 30, windowMs: 60_000, perResource: false },
};

export type Reservation = { ok: true } | { ok: false; waitMs: number } | { ok: false; spentUntil: number };

export class RequestBudget {
  readonly #db: Db;
  readonly #rules: Record<ProviderName, BudgetRule>;

  constructor(db: Db, rules: Record<ProviderName, BudgetRule> = BUDGET_RULES) {
    this.#db = db;
    this.#rules = rules;
  }

  /** Takes one request slot now, or says how long to wait (spacing) or until when the quota is spent. */
  reserve(provider: ProviderName, resource: string, now: number): Reservation {
    const rule = this.#rules[provider];
    return this.#db
      .transaction((): Reservation => {
        const block = this.blockedUntil(provider, now);
        if (block !== null) return { ok: false, spentUntil: block };
        const last = this.#db.prepare('SELECT MAX(at) AS at FROM provider_requests WHERE provider = ?').get(provider) as { at: number | null };
        if (last.at !== null && now - last.at < rule.minIntervalMs) return { ok: false, waitMs: rule.minIntervalMs - (now - last.at) };
        const since = now - rule.windowMs;
        const scope = rule.perResource ? 'AND resource = ?' : '';
        const params = rule.perResource ? [provider, since, resource] : [provider, since];
        const used = this.#db
          .prepare(`SELECT COUNT(*) AS n, MIN(at) AS oldest FROM provider_requests WHERE provider = ? AND at > ? ${scope}`)
          .get(...params) as { n: number; oldest: number | null };
        if (used.n >= rule.limit) return { ok: false, spentUntil: (used.oldest ?? now) + rule.windowMs };
        this.#db.prepare('DELETE FROM provider_requests WHERE provider = ? AND at <= ?').run(provider, since);
        this.#db.prepare('INSERT INTO provider_requests (provider, resource, at) VALUES (?, ?, ?)').run(provider, resource, now);
        return { ok: true };
      })
      .immediate();
  }

  /** The provider said its quota is spent: nobody sends to it before `until`. */
  block(provider: ProviderName, until: number): void {
    this.#db
      .prepare('INSERT INTO provider_blocks (provider, until) VALUES (?, ?) ON CONFLICT(provider) DO UPDATE SET until = MAX(until, excluded.until)')
      .run(provider, until);
  }

  blockedUntil(provider: ProviderName, now: number): number | null {
    const row = this.#db.prepare('SELECT until FROM provider_blocks WHERE provider = ?').get(provider) as { until: number } | undefined;
    return row && row.until > now ? row.until : null;
  }

  windowMs(provider: ProviderName): number {
    return this.#rules[provider].windowMs;
  }
}
