import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, EventPayload } from '../../src-shared/contract/events.ts';
import type { JobSnapshot, JobSpecInput } from '../../src-shared/contract/jobs.ts';
import { JobSpecSchema } from '../../src-shared/contract/jobs.ts';
import type { Settings } from '../../src-shared/contract/settings.ts';
import { openDatabase, type Db } from '../../src-main/core/db/open-database.ts';
import { FileLocks } from '../../src-main/core/exec/file-locks.ts';
import { FileClaims } from '../../src-main/core/exec/file-claims.ts';
import { poolSize } from '../../src-main/core/exec/pool-size.ts';
import { WorkerPool } from '../../src-main/core/exec/worker-pool.ts';
import { JobEngine, type JobEngineDeps } from '../../src-main/core/jobs/job-engine.ts';
import { JobRepo } from '../../src-main/core/jobs/job-repo.ts';
import { LibraryIndex } from '../../src-main/core/library/index/library-index.ts';
import { systemClock, type Logger } from '../../src-main/core/ports.ts';
import { SettingsRepo } from '../../src-main/core/settings/settings-repo.ts';

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface RecordedEvent {
  event: EventName;
  payload: unknown;
}

/** Inserts a root and `count` synthetic file rows (no files on disk: for noop jobs). */
export function seedFiles(db: Db, count: number, rootPath = '/library'): number[] {
  const root = db.prepare('INSERT INTO roots (path, added_at) VALUES (?, 0) RETURNING id').get(rootPath) as { id: number };
  const insert = db.prepare(
    `INSERT INTO files (root_id, rel_path, folder, name, name_key, ext, size, mtime_ms, ino)
     VALUES (?, ?, 'Series', ?, ?, 'cbz', 1, 0, ?) RETURNING id`,
  );
  const ids: number[] = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const name = `File ${String(i).padStart(7, '0')}.cbz`;
      ids.push((insert.get(root.id, `Series/${name}`, name, name.toLowerCase(), String(i)) as { id: number }).id);
    }
  })();
  return ids;
}

export interface JobHarness {
  dir: string;
  db: Db;
  store: JobRepo;
  engine: JobEngine;
  events: RecordedEvent[];
  /** Paths the engine sent to the (recording) OS trash. */
  trashed: string[];
  /** Listeners added after start, like a window that opens mid-job. */
  listen(listener: (event: EventName, payload: unknown) => void): () => void;
  start(spec: JobSpecInput): JobSnapshot;
  close(): Promise<void>;
}

/** A real engine on a real SQLite file in a temp folder, with real worker threads, composed as app-core does. */
export async function createJobHarness(
  options: { dir?: string; settings?: Partial<Settings>; engine?: Partial<JobEngineDeps>; record?: boolean; itemTimeoutMs?: number } = {},
): Promise<JobHarness> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'longbox-jobs-'));
  const db = openDatabase(join(dir, 'longbox.db'));
  const settings = new SettingsRepo(db);
  settings.update({ workerCount: 2, concurrentJobs: 2, ...options.settings });
  const events: RecordedEvent[] = [];
  const trashed: string[] = [];
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  const store = new JobRepo(db);
  const locks = new FileLocks();
  const pool = new WorkerPool({ size: poolSize(settings.get().workerCount), itemTimeoutMs: options.itemTimeoutMs ?? 10 * 60_000 });
  const engine = new JobEngine({
    store,
    executor: pool,
    locks,
    claims: new FileClaims(db),
    index: new LibraryIndex(db),
    clock: systemClock,
    settings,
    logger: silentLogger,
    journalDir: join(dir, 'journals'),
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => {
      if (options.record !== false) events.push({ event, payload });
      for (const l of listeners) l(event, payload);
    },
    scan: async () => ({ files: 0, added: 0, changed: 0, removed: 0, failed: 0, offlineRoots: [] }),
    onFilesChanged: () => {},
    // The OS trash is a process edge: the harness records instead of trashing.
    trash: async (path) => {
      trashed.push(path);
    },
    ...options.engine,
    // A scan holds its root against item jobs, as the library scanner does.
    ...(options.engine?.scan ? { scan: (rootId, scanOptions) => locks.withRoot(rootId, scanOptions.signal, () => options.engine!.scan!(rootId, scanOptions)) } : {}),
  });
  await engine.recover();
  return {
    dir,
    db,
    store,
    engine,
    events,
    trashed,
    listen: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    start: (spec) => engine.start(JobSpecSchema.parse(spec)),
    close: async () => {
      await engine.close();
      await pool.close();
      db.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function jobUpdates(events: RecordedEvent[], jobId: string): JobSnapshot[] {
  return events.filter((e) => e.event === 'job.updated' && (e.payload as JobSnapshot).id === jobId).map((e) => e.payload as JobSnapshot);
}
