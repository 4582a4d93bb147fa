import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The pool thread's entry when the core runs from its TypeScript sources (tests, benches,
 * `node src-main/server/cli.ts`): the worker bundle `npm run build` writes to dist/cli, if it
 * is there and not older than any source file, else `item-worker.ts`. A thread started on the
 * sources type-strips every module it loads before it reads a single archive (about a second
 * per thread on a loaded 2-core machine: most of a 10k-file rescan); the bundle loads in a
 * fraction of that (docs/packaging.md, "Start-up"). A bundle older than a source would run
 * code that is not the code under test, so an edit since the last build means the sources.
 * Bundled hosts (the CLI, Electron) pass their own entry and never get here.
 */
let chosen: URL | null = null;

const SOURCE_DIRS = ['src-main', 'src-shared'];

export function defaultWorkerScript(): URL {
  // Resolved on first use, not at import: a bundled main process has no `import.meta.url`.
  if (!chosen) {
    const repo = new URL('../../../', import.meta.url);
    const bundle = new URL('dist/cli/item-worker.mjs', repo);
    chosen = bundleIsFresh(repo, bundle) ? bundle : new URL('./item-worker.ts', import.meta.url);
  }
  return chosen;
}

function bundleIsFresh(repo: URL, bundle: URL): boolean {
  const built = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs;
  if (built === undefined) return false;
  for (const dir of SOURCE_DIRS) {
    const root = fileURLToPath(new URL(dir, repo));
    for (const rel of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (!rel.endsWith('.ts')) continue;
      const mtime = statSync(join(root, rel), { throwIfNoEntry: false })?.mtimeMs ?? 0;
      if (mtime > built) return false;
    }
  }
  return true;
}
