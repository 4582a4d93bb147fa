import type { JobSpec, PreviewItem, PreviewTotals } from '../../../src-shared/contract/jobs.ts';
import { countTotals, flagBatchCollisions, isProblem } from './preview-totals.ts';

/** A preview stays valid this long while nothing in the index changes (a user paging through it). */
const SESSION_TTL_MS = 120_000;
const MAX_SESSIONS = 4;

interface Session {
  key: string;
  at: number;
  rows: Promise<{ items: PreviewItem[]; totals: PreviewTotals }>;
}

export interface PreviewPage {
  total: number;
  scopeTotal: number;
  offset: number;
  totals: PreviewTotals;
  items: PreviewItem[];
}

/**
 * Keeps the whole dry run of a recent preview, so that every row is reachable by paging, the
 * totals cover the whole scope and collisions within the batch are known before the job starts
 * — without re-running the dry run for every page. A session is keyed by the spec, the
 * settings and the index version: any committed change to the files index starts a new one.
 */
export class PreviewSessions {
  #sessions: Session[] = [];

  async page(
    spec: JobSpec,
    version: string,
    now: number,
    run: () => Promise<PreviewItem[]>,
    filter: 'all' | 'problems',
    offset: number,
    limit: number,
  ): Promise<PreviewPage> {
    const key = `${version}\n${JSON.stringify(spec)}`;
    this.#sessions = this.#sessions.filter((s) => now - s.at < SESSION_TTL_MS);
    let session = this.#sessions.find((s) => s.key === key);
    if (!session) {
      const rows = run().then((items) => {
        flagBatchCollisions(items);
        return { items, totals: countTotals(items) };
      });
      session = { key, at: now, rows };
      // A failed dry run is not kept: the next request tries again.
      rows.catch(() => (this.#sessions = this.#sessions.filter((s) => s !== session)));
      this.#sessions = [session, ...this.#sessions].slice(0, MAX_SESSIONS);
    }
    const { items, totals } = await session.rows;
    const shown = filter === 'problems' ? items.filter(isProblem) : items;
    return { total: shown.length, scopeTotal: items.length, offset, totals, items: shown.slice(offset, offset + limit) };
  }
}
