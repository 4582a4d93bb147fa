import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, type Migration } from '../../../src-main/core/db/migrations.ts';
import { openDatabase } from '../../../src-main/core/db/open-database.ts';
import { tempDir } from '../../helpers/core-harness.ts';

describe('database', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('db');
  });
  afterEach(() => dir.remove());

  it('opens in WAL with foreign keys, migrated to the latest version', () => {
    const db = openDatabase(join(dir.path, 'sub', 'longbox.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    db.close();
  });

  it('runs only the migrations a file has not seen, once', () => {
    const file = join(dir.path, 'l.db');
    const runs: number[] = [];
    const migrations: Migration[] = [1, 2].map((version) => ({
      version,
      name: `m${version}`,
      up: (db) => {
        runs.push(version);
        db.exec(`CREATE TABLE t${version} (x)`);
      },
    }));
    openDatabase(file, migrations.slice(0, 1)).close();
    openDatabase(file, migrations).close();
    openDatabase(file, migrations).close();
    expect(runs).toEqual([1, 2]);
  });

  it('rolls a failed migration back entirely, keeping the previous version', () => {
    const file = join(dir.path, 'l.db');
    const broken: Migration[] = [
      { version: 1, name: 'ok', up: (db) => db.exec('CREATE TABLE a (x)') },
      { version: 2, name: 'breaks halfway', up: (db) => db.exec('CREATE TABLE b (x); CREATE TABLE a (x);') },
    ];
    expect(() => openDatabase(file, broken)).toThrow();
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    raw.close();
  });

  it('refuses a database written by a newer Longbox (DB_TOO_NEW) and leaves it alone', () => {
    const file = join(dir.path, 'l.db');
    const raw = new Database(file);
    raw.pragma('user_version = 999');
    raw.close();
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'DB_TOO_NEW' }));
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(999);
    check.close();
  });
});
