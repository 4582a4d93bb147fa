import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSource, sourceFiles } from '../architecture/layer-rules.ts';

/**
 * docs/watcher.md: the watcher runs on the main thread beside the UI bridge, so its folder
 * walks (catch-up, polls, lost events) go to the pool's `walk` task and its stats are async.
 * A synchronous file-system call here would block every window of `serve` for as long as a
 * 100k-file share takes to list.
 */
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const SYNC_FS_CALL = /\b(?:readdir|stat|lstat|readFile|opendir|exists|access|realpath)Sync\s*\(/g;

describe('the watcher on the main thread', () => {
  it('makes no synchronous file-system call', () => {
    const files = sourceFiles(repoRoot, 'src-main/core/watch');
    expect(files.length).toBeGreaterThan(3);
    const calls = files.flatMap((file) => [...readSource(repoRoot, file).matchAll(SYNC_FS_CALL)].map((m) => `${file}: ${m[0]}`));
    expect(calls).toEqual([]);
  });

  it('the pattern catches the calls it is meant to', () => {
    expect('const e = readdirSync(dir, { withFileTypes: true });'.match(SYNC_FS_CALL)).toHaveLength(1);
    expect('statSync (p)'.match(SYNC_FS_CALL)).toHaveLength(1);
    expect('await stat(p)'.match(SYNC_FS_CALL)).toBeNull();
  });
});
