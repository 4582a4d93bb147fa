import type Database from 'better-sqlite3';

/**
 * Forward-only numbered migrations. Each runs with its `user_version` bump inside one
 * transaction, so a crash mid-migration leaves the database at the previous version.
 * Append new migrations; never edit a released one.
 */
export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'library index',
    up: (db) => {
      db.exec(`
        CREATE TABLE roots (
          id INTEGER PRIMARY KEY,
          path TEXT NOT NULL UNIQUE,
          added_at INTEGER NOT NULL,
          last_scan_at INTEGER,
          online INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE files (
          id INTEGER PRIMARY KEY,
          root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
          rel_path TEXT NOT NULL,
          folder TEXT NOT NULL,
          name TEXT NOT NULL,
          name_key TEXT NOT NULL,
          ext TEXT NOT NULL,
          size INTEGER NOT NULL,
          mtime_ms REAL NOT NULL,
          ino TEXT NOT NULL,
          series TEXT,
          number TEXT,
          number_sort REAL,
          volume TEXT,
          title TEXT,
          year INTEGER,
          publisher TEXT,
          page_count INTEGER,
          status TEXT NOT NULL DEFAULT 'unprocessed'
            CHECK (status IN ('unprocessed','processed','duplicate','error')),
          error_code TEXT,
          error_message TEXT,
          meta_read_at INTEGER,
          seen_scan INTEGER NOT NULL DEFAULT 0,
          UNIQUE (root_id, rel_path)
        );
        CREATE INDEX files_status ON files(status);
        CREATE INDEX files_name ON files(name_key);
        CREATE INDEX files_series ON files(series COLLATE NOCASE, number_sort);
        CREATE INDEX files_mtime ON files(mtime_ms);
        CREATE INDEX files_size ON files(size);
        CREATE INDEX files_folder ON files(root_id, folder);
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    name: 'durable jobs',
    up: (db) => {
      // Jobs and their items (docs/behaviour.md §4). Item rows are created with the job (the resolved scope),
      // so a resumed job does exactly the files it started with; lease_token fences every write.
      // Item rows name their job by `key` (an integer rowid alias, so VACUUM keeps it), not by the
      // 36-character UUID: one job has up to ~100k rows, and the key is in every row and index entry.
      // `dispatched`: the runner has taken items up to this ordinal. Pending items at or below it
      // may be in flight (their file possibly changed on disk); 0 when no runner holds the job.
      db.exec(`
        CREATE TABLE jobs (
          key INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL,
          title TEXT NOT NULL,
          scope TEXT NOT NULL,
          options TEXT NOT NULL DEFAULT '{}',
          state TEXT NOT NULL DEFAULT 'queued'
            CHECK (state IN ('queued','running','paused','interrupted','completed','failed','cancelled')),
          priority INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL,
          started_at INTEGER,
          finished_at INTEGER,
          heartbeat_at INTEGER,
          lease_owner TEXT,
          lease_token TEXT,
          attempts INTEGER NOT NULL DEFAULT 0,
          interruptions INTEGER NOT NULL DEFAULT 0,
          cancel_requested INTEGER NOT NULL DEFAULT 0,
          pause_requested INTEGER NOT NULL DEFAULT 0,
          total INTEGER NOT NULL DEFAULT 0,
          done INTEGER NOT NULL DEFAULT 0,
          succeeded INTEGER NOT NULL DEFAULT 0,
          skipped INTEGER NOT NULL DEFAULT 0,
          failed INTEGER NOT NULL DEFAULT 0,
          seq INTEGER NOT NULL DEFAULT 0,
          last_error_code TEXT,
          last_error_message TEXT,
          seen INTEGER NOT NULL DEFAULT 0,
          dispatched INTEGER NOT NULL DEFAULT 0,
          parent_job_id TEXT REFERENCES jobs(id) ON DELETE SET NULL
        );
        CREATE INDEX jobs_runnable ON jobs(state, priority DESC, created_at);
        CREATE INDEX jobs_created ON jobs(created_at DESC);
        CREATE INDEX jobs_finished ON jobs(finished_at) WHERE finished_at IS NOT NULL;
        CREATE INDEX jobs_parent ON jobs(parent_job_id) WHERE parent_job_id IS NOT NULL;
        CREATE TABLE job_items (
          job_key INTEGER NOT NULL REFERENCES jobs(key) ON DELETE CASCADE,
          ordinal INTEGER NOT NULL,
          file_id INTEGER REFERENCES files(id) ON DELETE SET NULL,
          rel_path TEXT NOT NULL,
          input TEXT,
          state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending','done','skipped','failed')),
          error_code TEXT,
          error_message TEXT,
          before TEXT,
          after TEXT,
          actions TEXT,
          finished_at INTEGER,
          PRIMARY KEY (job_key, ordinal)
        ) WITHOUT ROWID;
        -- No index on the item state: every query on items is within one job, in ordinal order, so
        -- the primary key serves it, while a state index would cost a write for every finished item.
        -- The file index serves ON DELETE SET NULL when a scan removes files.
        CREATE INDEX job_items_file ON job_items(file_id) WHERE file_id IS NOT NULL;
      `);
    },
  },
  {
    version: 3,
    name: 'library query indexes and substring search',
    up: (db) => {
      db.exec(`
        -- Every sort the library view offers, with its tie-break, straight from an index
        -- (docs/behaviour.md §7: any page, filter, sort or search of 100k files within 50 ms).
        DROP INDEX files_mtime;
        DROP INDEX files_size;
        CREATE INDEX files_mtime ON files(mtime_ms, name_key);
        CREATE INDEX files_size ON files(size, name_key);
        CREATE INDEX files_status_name ON files(status, name_key);
        CREATE INDEX files_folder_name ON files(root_id, folder COLLATE NOCASE, name_key);

        -- Substring search of name and series: trigram full-text index kept in step with
        -- the files table by triggers (case-insensitive; needs 3+ characters).
        CREATE VIRTUAL TABLE files_search USING fts5(
          name, series, content = 'files', content_rowid = 'id', tokenize = 'trigram'
        );
        CREATE TRIGGER files_search_insert AFTER INSERT ON files BEGIN
          INSERT INTO files_search(rowid, name, series) VALUES (new.id, new.name, new.series);
        END;
        CREATE TRIGGER files_search_delete AFTER DELETE ON files BEGIN
          INSERT INTO files_search(files_search, rowid, name, series) VALUES ('delete', old.id, old.name, old.series);
        END;
        CREATE TRIGGER files_search_update AFTER UPDATE OF name, series ON files BEGIN
          INSERT INTO files_search(files_search, rowid, name, series) VALUES ('delete', old.id, old.name, old.series);
          INSERT INTO files_search(rowid, name, series) VALUES (new.id, new.name, new.series);
        END;
        INSERT INTO files_search(files_search) VALUES ('rebuild');
      `);
    },
  },
  {
    version: 4,
    name: 'status counts and covering sort indexes for 500k-file libraries',
    up: (db) => {
      db.exec(`
        -- Counts per root and status, kept by triggers, so the library view's totals and
        -- per-status counts are lookups instead of a scan of every row (500k files).
        CREATE TABLE file_counts (
          root_id INTEGER NOT NULL,
          status TEXT NOT NULL,
          n INTEGER NOT NULL,
          PRIMARY KEY (root_id, status)
        ) WITHOUT ROWID;
        INSERT INTO file_counts (root_id, status, n) SELECT root_id, status, COUNT(*) FROM files GROUP BY root_id, status;
        CREATE TRIGGER file_counts_insert AFTER INSERT ON files BEGIN
          INSERT INTO file_counts (root_id, status, n) VALUES (new.root_id, new.status, 1)
            ON CONFLICT (root_id, status) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER file_counts_delete AFTER DELETE ON files BEGIN
          UPDATE file_counts SET n = n - 1 WHERE root_id = old.root_id AND status = old.status;
        END;
        CREATE TRIGGER file_counts_update AFTER UPDATE OF root_id, status ON files BEGIN
          UPDATE file_counts SET n = n - 1 WHERE root_id = old.root_id AND status = old.status;
          INSERT INTO file_counts (root_id, status, n) VALUES (new.root_id, new.status, 1)
            ON CONFLICT (root_id, status) DO UPDATE SET n = n + 1;
        END;
        -- Series + number sort with its tie-break straight from one index (no temp sort of ties).
        DROP INDEX files_series;
        CREATE INDEX files_series ON files(series COLLATE NOCASE, number_sort, name_key);
      `);
    },
  },
  {
    version: 5,
    name: 'live watcher',
    up: (db) => {
      // Per-folder watch mode (docs/watcher.md): 'auto' polls network shares and watches local
      // disks with events. The `autoProcess` setting was a boolean nobody read; its `true` meant
      // what the original watcher did to every new file (process), so it becomes that mode.
      db.exec(`
        ALTER TABLE roots ADD COLUMN watch_mode TEXT NOT NULL DEFAULT 'auto'
          CHECK (watch_mode IN ('auto','events','poll'));
        ALTER TABLE roots ADD COLUMN poll_minutes INTEGER NOT NULL DEFAULT 15;
        UPDATE settings SET value = CASE value WHEN 'true' THEN '"process"' ELSE '"off"' END
         WHERE key = 'autoProcess';
      `);
    },
  },
  {
    version: 6,
    name: 'undone jobs and duplicate marks',
    up: (db) => {
      // The completed undo job that restored a job's files: such a job offers no second undo.
      db.exec('ALTER TABLE jobs ADD COLUMN undone_by TEXT');
      // Which file a duplicate collides with (the one holding the name it would get).
      db.exec('ALTER TABLE files ADD COLUMN duplicate_of INTEGER REFERENCES files(id) ON DELETE SET NULL');
    },
  },
  {
    version: 11,
    name: 'online identification: request budget, response cache, review queue, timed pause',
    up: (db) => {
      db.exec(`
        -- One row per request sent to a provider, written (committed) *before* the request goes
        -- out: a crash right after sending still counts it, so no restart can overspend the
        -- provider's hourly budget (docs/identify.md). Rows older than the longest window are pruned.
        CREATE TABLE provider_requests (
          provider TEXT NOT NULL,
          resource TEXT NOT NULL,
          at INTEGER NOT NULL
        );
        CREATE INDEX provider_requests_window ON provider_requests(provider, resource, at);
        -- The provider said its quota is spent (Comic Vine status 107, HTTP 420/429): nothing is
        -- sent to it before "until", by any job of any process.
        CREATE TABLE provider_blocks (
          provider TEXT PRIMARY KEY,
          until INTEGER NOT NULL
        );
        CREATE TABLE provider_cache (
          key TEXT PRIMARY KEY,
          mime TEXT NOT NULL,
          body BLOB NOT NULL,
          expires_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX provider_cache_expiry ON provider_cache(expires_at);
        CREATE TABLE identify_reviews (
          id INTEGER PRIMARY KEY,
          file_id INTEGER UNIQUE REFERENCES files(id) ON DELETE CASCADE,
          rel_path TEXT NOT NULL,
          job_id TEXT,
          query TEXT NOT NULL,
          candidates TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        -- A job paused because a provider's quota was spent resumes by itself at this time.
        ALTER TABLE jobs ADD COLUMN resumes_at INTEGER;
      `);
    },
  },
  {
    version: 12,
    name: 'cross-process file claims',
    up: (db) => {
      // Which process (and job) has a file in flight, so that another process sharing this data
      // folder neither reads nor writes it meanwhile (docs/concurrency.md). A row lives from the
      // claim to the commit of the item's result; a dead owner's rows are taken over.
      db.exec(`
        CREATE TABLE file_claims (
          file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
          owner TEXT NOT NULL,
          claimed_at INTEGER NOT NULL
        );
        CREATE INDEX file_claims_owner ON file_claims(owner);
      `);
    },
  },
  {
    version: 14,
    name: 'scans maintain the search index and status counts in bulk',
    up: (db) => {
      db.exec(`
        -- A scan inserts thousands of rows per transaction; per-row triggers into the trigram
        -- index and the counts cost more than the inserts themselves. Rows the scanner inserts
        -- carry bulk_insert = 1 and it adds their search entries and counts with one statement
        -- per batch, in the same transaction (docs/architecture.md, "The one-way scan path"); every other
        -- insert keeps the triggers. Only the insert triggers read the column.
        ALTER TABLE files ADD COLUMN bulk_insert INTEGER NOT NULL DEFAULT 0;
        DROP TRIGGER files_search_insert;
        CREATE TRIGGER files_search_insert AFTER INSERT ON files WHEN new.bulk_insert = 0 BEGIN
          INSERT INTO files_search(rowid, name, series) VALUES (new.id, new.name, new.series);
        END;
        DROP TRIGGER file_counts_insert;
        CREATE TRIGGER file_counts_insert AFTER INSERT ON files WHEN new.bulk_insert = 0 BEGIN
          INSERT INTO file_counts (root_id, status, n) VALUES (new.root_id, new.status, 1)
            ON CONFLICT (root_id, status) DO UPDATE SET n = n + 1;
        END;
        -- files_status_name (status, name_key) serves every lookup by status.
        DROP INDEX files_status;
      `);
    },
  },
  {
    version: 15,
    name: 'secondary indexes of files set aside during a bulk first scan',
    up: (db) => {
      db.exec(`
        -- The first scan of an empty library drops the secondary indexes of files and builds
        -- them once at its end (docs/architecture.md, "The one-way scan path"). Each dropped
        -- index's CREATE statement is kept here in the same transaction as the drop, so a
        -- process that dies mid-scan leaves them to be rebuilt at the next start.
        CREATE TABLE deferred_indexes (
          name TEXT PRIMARY KEY,
          sql TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 16,
    name: 'number index for searches with a number word',
    up: (db) => {
      db.exec(`
        -- A search word such as "0042" also matches the parsed number: with this index the files
        -- numbered 42 are a lookup, so "chapter 0042" collects its few candidates instead of
        -- testing every file that says "chapter" (docs/architecture.md, "List queries").
        CREATE INDEX files_number ON files(number_sort) WHERE number_sort IS NOT NULL;
      `);
    },
  },
  {
    version: 17,
    name: 'the walk a root was last verified equal to',
    up: (db) => {
      db.exec(`
        -- A rescan whose walk prints exactly what it printed when a scan last found every row of
        -- the root equal to it has nothing to compare (docs/architecture.md, "The one-way scan
        -- path"). That holds only while no row of the root changed since: any write to the
        -- fields a scan compares clears the digest, whichever process or module makes it.
        ALTER TABLE roots ADD COLUMN walk_digest TEXT;
        CREATE TRIGGER files_walk_digest_insert AFTER INSERT ON files BEGIN
          UPDATE roots SET walk_digest = NULL WHERE id = new.root_id AND walk_digest IS NOT NULL;
        END;
        CREATE TRIGGER files_walk_digest_delete AFTER DELETE ON files BEGIN
          UPDATE roots SET walk_digest = NULL WHERE id = old.root_id AND walk_digest IS NOT NULL;
        END;
        CREATE TRIGGER files_walk_digest_update AFTER UPDATE OF root_id, rel_path, size, mtime_ms, ino, status ON files BEGIN
          UPDATE roots SET walk_digest = NULL WHERE id IN (old.root_id, new.root_id) AND walk_digest IS NOT NULL;
        END;
      `);
    },
  },
  {
    version: 18,
    name: 'the walk each folder was last verified equal to',
    up: (db) => {
      db.exec(`
        -- The same proof as roots.walk_digest, folder by folder (the direct files of one folder):
        -- a rescan whose walk differs from the stored one only in a few folders compares only
        -- their rows (docs/architecture.md, "The one-way scan path"). Any change to a row clears
        -- the digest of its folder (and, on a move, of the folder it left).
        CREATE TABLE folder_digests (
          root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
          folder TEXT NOT NULL,
          digest TEXT NOT NULL,
          PRIMARY KEY (root_id, folder)
        ) WITHOUT ROWID;
        CREATE TRIGGER files_folder_digest_insert AFTER INSERT ON files BEGIN
          DELETE FROM folder_digests WHERE root_id = new.root_id AND folder = new.folder;
        END;
        CREATE TRIGGER files_folder_digest_delete AFTER DELETE ON files BEGIN
          DELETE FROM folder_digests WHERE root_id = old.root_id AND folder = old.folder;
        END;
        CREATE TRIGGER files_folder_digest_update AFTER UPDATE OF root_id, folder, rel_path, size, mtime_ms, ino, status ON files BEGIN
          DELETE FROM folder_digests WHERE root_id = old.root_id AND folder = old.folder;
          DELETE FROM folder_digests WHERE root_id = new.root_id AND folder = new.folder;
        END;
      `);
    },
  },
];
