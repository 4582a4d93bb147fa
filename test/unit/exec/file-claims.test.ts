import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/core/db/open-database.ts';
import { FileClaims, REMOTE_CLAIM_TTL_MS } from '../../../src-main/core/exec/file-claims.ts';
import { seedFiles } from '../../helpers/job-harness.ts';

let dir: string;
let db: Db;
afterEach(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

function setup(files = 10): { claims: FileClaims; ids: number[] } {
  dir = mkdtempSync(join(tmpdir(), 'longbox-claims-'));
  db = openDatabase(join(dir, 'longbox.db'));
  seedFiles(db, files);
  const ids = (db.prepare('SELECT id FROM files ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
  return { claims: new FileClaims(db), ids };
}

/** A claim row as another process on this database would have written it. */
function foreignClaim(fileId: number, owner: string, claimedAt = Date.now()): void {
  db.prepare('INSERT INTO file_claims (file_id, owner, claimed_at) VALUES (?, ?, ?)').run(fileId, owner, claimedAt);
}

const ownersOf = () => db.prepare('SELECT file_id, owner FROM file_claims ORDER BY file_id').all() as Array<{ file_id: number; owner: string }>;

describe('cross-process file claims (real SQLite)', () => {
  it('a file claimed by a live process (our parent) is busy until that process releases it', () => {
    const { claims, ids } = setup();
    const live = `${hostname()}:${process.ppid}:aaaa#job`;
    for (const id of ids.slice(0, 4)) foreignClaim(id, live);
    expect(claims.forJob('b').claim(ids)).toEqual(new Set(ids.slice(0, 4)));
    // The rest is b's now.
    expect(ownersOf().filter((r) => r.owner.endsWith('#b')).map((r) => r.file_id)).toEqual(ids.slice(4));
    db.prepare('DELETE FROM file_claims WHERE owner = ? AND file_id IN (?, ?)').run(live, ids[0], ids[1]);
    expect(claims.forJob('b').claim(ids.slice(0, 4))).toEqual(new Set(ids.slice(2, 4)));
    claims.forJob('b').release(ids);
    expect(ownersOf().map((r) => r.owner)).toEqual([live, live]);
  });

  it('claims of an earlier start with our pid (another boot id) are taken over: that process is gone', () => {
    const { claims, ids } = setup();
    const earlier = new FileClaims(db);
    earlier.forJob('a').claim(ids.slice(0, 2));
    expect(claims.forJob('a').claim(ids.slice(0, 2))).toEqual(new Set());
    expect(ownersOf().map((r) => r.owner)).toEqual([`${claims.process}a`, `${claims.process}a`]);
  });

  it('two jobs of one process keep off each other too; a job re-claiming its own files is not refused', () => {
    const { claims, ids } = setup();
    expect(claims.forJob('a').claim(ids.slice(0, 3))).toEqual(new Set());
    expect(claims.forJob('a').claim(ids.slice(0, 3))).toEqual(new Set());
    expect(claims.forJob('b').claim(ids.slice(0, 3))).toEqual(new Set(ids.slice(0, 3)));
  });

  it("a dead process's claims are taken over; a live one's (our parent process) are not", () => {
    const { claims, ids } = setup();
    foreignClaim(ids[0]!, `${hostname()}:${process.ppid}:aaaa#live`);
    // pid 2^22+ is above Linux's pid_max default: no such process.
    foreignClaim(ids[1]!, `${hostname()}:${2 ** 22 + 7}:bbbb#dead`);
    // Another host: alive until its claim is older than the TTL.
    foreignClaim(ids[2]!, 'elsewhere.example:1:cccc#remote');
    foreignClaim(ids[3]!, 'elsewhere.example:1:dddd#stale', Date.now() - REMOTE_CLAIM_TTL_MS - 1);
    const busy = claims.forJob('me').claim(ids.slice(0, 4));
    expect(busy).toEqual(new Set([ids[0], ids[2]]));
    const owners = new Map(ownersOf().map((r) => [r.file_id, r.owner]));
    expect(owners.get(ids[1]!)).toBe(`${claims.process}me`);
    expect(owners.get(ids[3]!)).toBe(`${claims.process}me`);
  });

  it('a scan sees the files other live processes hold (not its own), with path and inode; dead claims are dropped', () => {
    const { claims, ids } = setup();
    const rootId = (db.prepare('SELECT root_id FROM files WHERE id = ?').get(ids[0]) as { root_id: number }).root_id;
    claims.forJob('mine').claim([ids[5]!]);
    foreignClaim(ids[0]!, `${hostname()}:${process.ppid}:aaaa#live`);
    foreignClaim(ids[1]!, `${hostname()}:${2 ** 22 + 7}:bbbb#dead`);
    const row = db.prepare('SELECT rel_path, ino FROM files WHERE id = ?').get(ids[0]) as { rel_path: string; ino: string };
    expect(claims.heldElsewhere(rootId)).toEqual([{ id: ids[0], relPath: row.rel_path, ino: row.ino }]);
    expect(ownersOf().map((r) => r.file_id)).toEqual([ids[0], ids[5]]);
  });

  it('claims go with their file row', () => {
    const { claims, ids } = setup();
    claims.forJob('a').claim(ids.slice(0, 2));
    db.prepare('DELETE FROM files WHERE id = ?').run(ids[0]);
    expect(ownersOf().map((r) => r.file_id)).toEqual([ids[1]]);
  });
});
