import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  claimByPlaceholder,
  moveToDuplicates,
  reconcileRename,
  renameNoOverwrite,
} from '../../../src-main/core/naming/claim-rename.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longbox-claim-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const at = (...parts: string[]): string => path.join(dir, ...parts);
const write = (name: string, content: string): string => {
  fs.mkdirSync(path.dirname(at(name)), { recursive: true });
  fs.writeFileSync(at(name), content);
  return at(name);
};
const read = (name: string): string => fs.readFileSync(at(name), 'utf8');
const hash = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const listing = (sub = ''): string[] => fs.readdirSync(at(sub)).sort();

describe('renameNoOverwrite', () => {
  it('renames to a free name', async () => {
    write('a.cbz', 'A');
    expect(await renameNoOverwrite(at('a.cbz'), at('b.cbz'))).toEqual({ ok: true });
    expect(listing()).toEqual(['b.cbz']);
    expect(read('b.cbz')).toBe('A');
  });

  it('never overwrites an existing target', async () => {
    write('a.cbz', 'A');
    write('b.cbz', 'B');
    expect(await renameNoOverwrite(at('a.cbz'), at('b.cbz'))).toEqual({ ok: false, code: 'TARGET_EXISTS' });
    expect(read('a.cbz')).toBe('A');
    expect(read('b.cbz')).toBe('B');
  });

  it('the placeholder strategy never overwrites either, and leaves no placeholder behind', async () => {
    write('a.cbz', 'A');
    write('b.cbz', 'B');
    expect(await claimByPlaceholder(at('a.cbz'), at('b.cbz'))).toEqual({ ok: false, code: 'TARGET_EXISTS' });
    expect(read('b.cbz')).toBe('B');
    expect(await claimByPlaceholder(at('a.cbz'), at('c.cbz'))).toEqual({ ok: true });
    expect(listing()).toEqual(['b.cbz', 'c.cbz']);
    expect(read('c.cbz')).toBe('A');
  });

  it('a rename to the same path is a no-op', async () => {
    write('a.cbz', 'A');
    expect(await renameNoOverwrite(at('a.cbz'), at('.', 'a.cbz'))).toEqual({ ok: true });
    expect(read('a.cbz')).toBe('A');
  });

  it('a missing source is an error, not a claim', async () => {
    await expect(renameNoOverwrite(at('nope.cbz'), at('b.cbz'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(listing()).toEqual([]);
  });

  it('a case-only rename on a case-sensitive file system is a plain rename', async () => {
    write('Foo.cbz', 'F');
    expect(await renameNoOverwrite(at('Foo.cbz'), at('foo.cbz'))).toEqual({ ok: true });
    expect(listing()).toEqual(['foo.cbz']);
  });

  it('same inode under two separate entries (hard links) is a taken target, not a case-only rename', async () => {
    // On Linux this is the closest to a case-insensitive alias: both names reach one inode.
    // The directory listing shows two entries, so nothing may be unlinked or parked.
    write('Foo.cbz', 'F');
    fs.linkSync(at('Foo.cbz'), at('foo.cbz'));
    expect(await renameNoOverwrite(at('Foo.cbz'), at('foo.cbz'))).toEqual({ ok: false, code: 'TARGET_EXISTS' });
    expect(listing()).toEqual(['Foo.cbz', 'foo.cbz']);
    expect(fs.statSync(at('Foo.cbz')).ino).toBe(fs.statSync(at('foo.cbz')).ino);
  });

  for (const strategy of ['auto', 'placeholder'] as const) {
    it(`many processes racing sources to one target: exactly one wins, nothing is lost (${strategy})`, async () => {
      const processes = 4;
      const perProcess = 5;
      const target = at('target.cbz');
      const batches = Array.from({ length: processes }, (_, p) =>
        Array.from({ length: perProcess }, (_, i) => write(`src-${p}-${i}.cbz`, `content ${p}-${i} `.repeat(1000 + i))),
      );
      const hashes = new Map(batches.flat().map((source) => [source, hash(source)]));

      const children = batches.map(() =>
        fork(path.join(import.meta.dirname, 'fixtures', 'claim-race-child.ts'), [], {
          execArgv: [],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      );
      await Promise.all(children.map((child) => nextMessage(child)));
      const results = (
        await Promise.all(
          children.map((child, p) => {
            const done = nextMessage(child) as Promise<{ source: string; ok: boolean }[]>;
            child.send({ sources: batches[p], target, strategy });
            return done;
          }),
        )
      ).flat();

      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const winner = winners[0]!.source;
      expect(hash(target)).toBe(hashes.get(winner));
      for (const { source, ok } of results) {
        if (!ok) expect(hash(source)).toBe(hashes.get(source));
      }
      expect(fs.existsSync(winner)).toBe(false);
      expect(listing()).toHaveLength(processes * perProcess);
    });
  }
});

describe('reconcileRename', () => {
  it('link step interrupted (both names, one inode) → finishes by unlinking the source', async () => {
    write('a.cbz', 'A');
    fs.linkSync(at('a.cbz'), at('b.cbz'));
    expect(await reconcileRename(at('a.cbz'), at('b.cbz'))).toBe('renamed');
    expect(listing()).toEqual(['b.cbz']);
    expect(read('b.cbz')).toBe('A');
  });

  it('placeholder step interrupted (empty target, source intact) → removes the placeholder', async () => {
    write('a.cbz', 'A');
    write('b.cbz', '');
    expect(await reconcileRename(at('a.cbz'), at('b.cbz'))).toBe('not-renamed');
    expect(listing()).toEqual(['a.cbz']);
  });

  it('cross-device copy interrupted after it landed (equal copies) → removes the source', async () => {
    write('a.cbz', 'same bytes');
    write('b.cbz', 'same bytes');
    expect(await reconcileRename(at('a.cbz'), at('b.cbz'))).toBe('renamed');
    expect(listing()).toEqual(['b.cbz']);
  });

  it('target belongs to another file → both kept', async () => {
    write('a.cbz', 'A');
    write('b.cbz', 'B');
    expect(await reconcileRename(at('a.cbz'), at('b.cbz'))).toBe('not-renamed');
    expect(read('a.cbz')).toBe('A');
    expect(read('b.cbz')).toBe('B');
  });

  it('finished, not started, or gone', async () => {
    write('b.cbz', 'B');
    expect(await reconcileRename(at('a.cbz'), at('b.cbz'))).toBe('renamed');
    write('c.cbz', 'C');
    expect(await reconcileRename(at('c.cbz'), at('d.cbz'))).toBe('not-renamed');
    expect(await reconcileRename(at('x.cbz'), at('y.cbz'))).toBe('missing');
    expect(listing()).toEqual(['b.cbz', 'c.cbz']);
  });

  it('case-only rename parked under its temp name → moved on to the target', async () => {
    write('Foo.cbz', 'F');
    const parked = await parkLikeCaseOnlyRename(at('Foo.cbz'), at('foo.cbz'));
    expect(listing()).toEqual([path.basename(parked)]);
    expect(await reconcileRename(at('Foo.cbz'), at('foo.cbz'))).toBe('renamed');
    expect(listing()).toEqual(['foo.cbz']);
    expect(read('foo.cbz')).toBe('F');
  });

  it('parked file whose target was taken meanwhile → put back at the source', async () => {
    write('Foo.cbz', 'F');
    await parkLikeCaseOnlyRename(at('Foo.cbz'), at('foo.cbz'));
    write('foo.cbz', 'someone else');
    expect(await reconcileRename(at('Foo.cbz'), at('foo.cbz'))).toBe('not-renamed');
    expect(read('Foo.cbz')).toBe('F');
    expect(read('foo.cbz')).toBe('someone else');
  });

  it('is idempotent', async () => {
    write('a.cbz', 'A');
    fs.linkSync(at('a.cbz'), at('b.cbz'));
    expect(await reconcileRename(at('a.cbz'), at('b.cbz'))).toBe('renamed');
    expect(await reconcileRename(at('a.cbz'), at('b.cbz'))).toBe('renamed');
    expect(listing()).toEqual(['b.cbz']);
  });
});

describe('moveToDuplicates', () => {
  it('moves to <dup>/<parent folder>/<name>, appending (2), (3)… when taken', async () => {
    const dup = at('dups');
    const first = write('lib/Foo/Foo 01.cbz', 'one');
    const second = write('lib2/Foo/Foo 01.cbz', 'two');
    const third = write('lib3/Foo/Foo 01.cbz', 'three');
    expect(await moveToDuplicates(first, dup)).toBe(path.join(dup, 'Foo', 'Foo 01.cbz'));
    expect(await moveToDuplicates(second, dup)).toBe(path.join(dup, 'Foo', 'Foo 01 (2).cbz'));
    expect(await moveToDuplicates(third, dup)).toBe(path.join(dup, 'Foo', 'Foo 01 (3).cbz'));
    expect(listing('dups/Foo')).toEqual(['Foo 01 (2).cbz', 'Foo 01 (3).cbz', 'Foo 01.cbz']);
    expect(read('dups/Foo/Foo 01.cbz')).toBe('one');
    expect(read('dups/Foo/Foo 01 (2).cbz')).toBe('two');
    expect(read('dups/Foo/Foo 01 (3).cbz')).toBe('three');
    expect(listing('lib/Foo')).toEqual([]);
  });
});

// A second file system (tmpfs) gives a real EXDEV, the duplicates-folder-on-another-drive case.
const otherDevice = fs.existsSync('/dev/shm') && fs.statSync('/dev/shm').dev !== fs.statSync(os.tmpdir()).dev;

describe.skipIf(!otherDevice)('across devices', () => {
  it('moveToDuplicates copies, verifies by content and removes the source; never overwrites', async () => {
    const dup = fs.mkdtempSync('/dev/shm/longbox-dup-');
    try {
      const first = write('lib/Foo/Foo 01.cbz', 'one '.repeat(10_000));
      const second = write('lib2/Foo/Foo 01.cbz', 'two');
      expect(await moveToDuplicates(first, dup)).toBe(path.join(dup, 'Foo', 'Foo 01.cbz'));
      expect(await moveToDuplicates(second, dup)).toBe(path.join(dup, 'Foo', 'Foo 01 (2).cbz'));
      expect(fs.readdirSync(path.join(dup, 'Foo')).sort()).toEqual(['Foo 01 (2).cbz', 'Foo 01.cbz']);
      expect(fs.readFileSync(path.join(dup, 'Foo', 'Foo 01.cbz'), 'utf8')).toBe('one '.repeat(10_000));
      expect(fs.existsSync(first)).toBe(false);
      expect(fs.existsSync(second)).toBe(false);
    } finally {
      fs.rmSync(dup, { recursive: true, force: true });
    }
  });
});

function nextMessage(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`child exited early with ${code}`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message);
    });
  });
}

/**
 * The state a case-only rename leaves after its first step: the file parked under the hidden
 * temp name derived from the target. That name is part of the recovery format (a recorded
 * intent holds only from/to), so the test states it explicitly.
 */
async function parkLikeCaseOnlyRename(from: string, to: string): Promise<string> {
  const parked = path.join(path.dirname(to), `.longbox-case-${createHash('sha256').update(to).digest('hex').slice(0, 16)}.tmp`);
  expect(await renameNoOverwrite(from, parked)).toEqual({ ok: true });
  return parked;
}
