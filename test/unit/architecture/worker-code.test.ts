import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importSpecifiers, readSource, sourceFiles } from './layer-rules.ts';

/**
 * docs/architecture.md, the threads rule: code that runs in worker threads loads no native
 * module and never touches the database (SQLite has one writer, on the main thread). Checked on
 * everything reachable — through any chain of imports — from the pool thread's entry and from
 * the worker-side rooms.
 */
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const WORKER_ROOMS = ['archive', 'naming', 'comicinfo', 'operations'].map((room) => `src-main/core/${room}`);
const WORKER_ENTRY = 'src-main/core/exec/item-worker.ts';
const FORBIDDEN_FOLDER = 'src-main/core/db/';
const FORBIDDEN_PACKAGES = ['better-sqlite3'];

/** Every project file reachable from `start`, each with the import chain that reached it. */
function reachable(start: string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>(start.map((f) => [f, [f]]));
  const queue = [...start];
  while (queue.length) {
    const file = queue.shift()!;
    for (const specifier of importSpecifiers(readSource(repoRoot, file))) {
      if (!specifier.startsWith('.')) continue;
      const target = relative(repoRoot, resolve(repoRoot, dirname(file), specifier)).split(sep).join('/');
      if (seen.has(target) || !existsSync(join(repoRoot, target))) continue;
      seen.set(target, [...seen.get(file)!, target]);
      queue.push(target);
    }
  }
  return seen;
}

function problems(start: string[]): string[] {
  const found: string[] = [];
  for (const [file, chain] of reachable(start)) {
    if (file.startsWith(FORBIDDEN_FOLDER)) found.push(`reaches the database: ${chain.join(' → ')}`);
    for (const specifier of importSpecifiers(readSource(repoRoot, file))) {
      if (FORBIDDEN_PACKAGES.some((p) => specifier === p || specifier.startsWith(`${p}/`))) {
        found.push(`imports ${specifier}: ${chain.join(' → ')}`);
      }
    }
  }
  return found;
}

describe('worker-thread code (docs/architecture.md)', () => {
  it('nothing reachable from the pool thread or the worker-side rooms imports db/ or better-sqlite3', () => {
    const start = [WORKER_ENTRY, ...WORKER_ROOMS.flatMap((room) => sourceFiles(repoRoot, room))];
    expect(start.length).toBeGreaterThan(40);
    expect(problems(start)).toEqual([]);
  });

  it('catches a database import, also through another module', () => {
    // The index module runs SQL: reaching it from a worker-side file is a violation.
    expect(problems(['src-main/core/library/index/library-index.ts']).length).toBeGreaterThan(0);
    expect(problems(['src-main/core/library/resolve-file.ts'])).toEqual(
      expect.arrayContaining([expect.stringContaining('library/index/library-index.ts')]),
    );
  });
});
