import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the Longbox database. Only the main thread of the main process
 * holds this connection: one writer, batched transactions (docs/behaviour.md §1 Threads).
 */
export function openDatabase(file: string, migrations: Migration[] = MIGRATIONS): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 5000 });
  // WAL: readers never block the writer; NORMAL is crash-consistent for app crashes, and job
  // progress is idempotent per item, so a lost last commit after power loss means redoing a few items.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  db.pragma('journal_size_limit = 67108864');
  try {
    migrate(db, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

export function migrate(db: Db, migrations: Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) {
    // A newer Longbox wrote this file; running older code on it could silently corrupt it.
    throw new LongboxError(
      'DB_TOO_NEW',
      `The database is at version ${current}, newer than this Longbox understands (${latest}). Update Longbox.`,
    );
  }
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
