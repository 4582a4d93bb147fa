import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { linkSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLongboxTempName, newId } from '../../../src-main/core/archive/temp-names.ts';
import { OWNER_TAG } from '../../../src-main/core/platform/process-owner.ts';
import { startTestCore, tempDir, type TestCore } from '../../helpers/core-harness.ts';
import { comicInfoXml, pages, sha256File, writeZip } from '../../helpers/archives.ts';

/**
 * Temp files of interrupted writes that no intent names any more (the library was unmounted
 * during a rebuild, or the intent was lost) are removed by the next scan of their root — only
 * ours (strict name pattern), only files, never one a live process may be writing — and never
 * indexed (docs/behaviour.md).
 */
const CRASH_CHILD = join(import.meta.dirname, '..', 'archive', 'step-crash-child.ts');
const BOOT = OWNER_TAG.split('.')[0]!;

let dir: { path: string; remove(): void };
let core: TestCore | undefined;
let library: string;
let sleeper: ChildProcess | undefined;
const logged: Array<{ file?: string; msg: string }> = [];

const tempBeside = (rel: string, tag: string | null) =>
  join(library, dirname(rel), `.${basename(rel)}.longbox-tmp-${newId()}${tag === null ? '' : `.${tag}`}`);

/** A pid that named a process of ours a moment ago and names none now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

/** Every file under the library (temps included): relative path → sha256. */
function tree(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(library, { recursive: true, encoding: 'utf8' })) {
    if (statSync(join(library, rel)).isFile()) out[rel] = sha256File(join(library, rel));
  }
  return out;
}

beforeEach(() => {
  dir = tempDir('orphans');
  library = join(dir.path, 'lib');
  mkdirSync(join(library, 'Saga'), { recursive: true });
  logged.length = 0;
});
afterEach(async () => {
  await core?.close();
  core = undefined;
  sleeper?.kill('SIGKILL');
  dir.remove();
});

describe('orphaned temp files', () => {
  it('a scan removes ours whose writer is gone, logs each, and leaves live writers’ temps and everything else', async () => {
    writeZip(join(library, 'Saga/Saga 001.cbz'), pages(3, 3000));
    writeZip(join(library, 'Saga 002.cbz'), [{ name: 'ComicInfo.xml', data: comicInfoXml('x') }, ...pages(2, 3000)]);

    // A real rebuild killed with its temp written; its intent lived in a journal folder that is
    // gone (as when the library was unmounted while the intent's cleanup ran).
    linkSync(join(library, 'Saga 002.cbz'), join(dir.path, 'second-link.cbz'));
    const crash = spawnSync(process.execPath, [CRASH_CHILD, join(library, 'Saga 002.cbz'), join(dir.path, 'lost-journal'), comicInfoXml('new'), new Date().toISOString(), 'temp-written', '0']);
    expect(crash.signal, String(crash.stderr)).toBe('SIGKILL');
    const killed = readdirSync(library).filter(isLongboxTempName).map((name) => join(library, name));
    expect(killed).toHaveLength(1);

    const orphans = [
      ...killed,
      tempBeside('Saga/Saga 001.cbz', `${BOOT}.${await deadPid()}`), // its process has exited
      tempBeside('Saga/Saga 001.cbz', `0ldb00t.${process.pid}`), // from an earlier boot
      tempBeside('Saga/Saga 001.cbz', null), // untagged (older Longbox), untouched for two days
    ];
    sleeper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    const live = [
      tempBeside('Saga/Saga 001.cbz', OWNER_TAG), // this very process
      tempBeside('Saga 002.cbz', `${BOOT}.${sleeper.pid}`), // another live process
      tempBeside('Saga/Saga 001.cbz', null), // untagged but written a moment ago
    ];
    for (const file of [...orphans.slice(1), ...live]) writeFileSync(file, 'partial archive');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(orphans[3]!, twoDaysAgo, twoDaysAgo);
    // Look-alikes that are not ours by the strict pattern, a folder under a temp name, user files.
    const others = [
      join(library, 'Saga', '.Saga 001.cbz.longbox-tmp-not-ours'),
      join(library, 'Saga', 'Saga 001.cbz.longbox-tmp-m3x1k2-3fa9c2d41b07'),
      join(library, 'Saga', '.hidden notes.txt'),
    ];
    for (const file of others) writeFileSync(file, 'user data');
    const folder = tempBeside('Saga/Saga 001.cbz', `${BOOT}.${await deadPid()}`);
    mkdirSync(folder);
    const kept = Object.fromEntries(Object.entries(tree()).filter(([rel]) => !orphans.includes(join(library, rel))));

    core = await startTestCore(join(dir.path, 'data'), {
      ports: {
        logger: { debug() {}, info: (o: { file?: string }, msg: string) => void logged.push({ ...o, msg }), warn() {}, error() {} },
      },
    });
    expect((await core.dispatch('library.roots.add', { path: library })).ok).toBe(true);

    expect(tree()).toEqual(kept);
    expect(statSync(folder).isDirectory()).toBe(true);
    expect(logged.filter((l) => l.msg.includes('orphaned temp')).map((l) => l.file).sort()).toEqual([...orphans].sort());
    // Only the two archives are indexed: no temp, no look-alike.
    expect(core.sqlite.prepare('SELECT rel_path FROM files ORDER BY rel_path').all()).toEqual([{ rel_path: 'Saga 002.cbz' }, { rel_path: 'Saga/Saga 001.cbz' }]);
  });
});
