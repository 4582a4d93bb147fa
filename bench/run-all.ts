/**
 * Every benchmark in one command (`npm run bench`), each in its own process, in order. Each
 * script measures its own reference in the same run and prints ratios (docs/behaviour.md §7 targets).
 * Optional scripts are run when present: `bench/startup.ts` (CLI start-up vs `node -e 0`) and
 * `bench/watcher.ts` (watcher latency) — add a file there and it joins the run.
 *
 *   node bench/run-all.ts [--quick]     (--quick: smaller counts, for a smoke run)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const quick = process.argv.includes('--quick');
const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

const BENCHES: Array<{ script: string; args: string[]; node?: string[]; optional?: boolean }> = [
  { script: 'scan.ts', args: quick ? ['--count', '10000'] : ['--count', '100000'] },
  { script: 'job-cost.ts', args: quick ? ['--count', '1000'] : ['--count', '10000'] },
  { script: 'file-claims.ts', args: quick ? ['--count', '5000'] : ['--count', '20000'] },
  { script: 'archive-write.ts', args: quick ? ['--count', '10'] : ['--count', '100'] },
  { script: 'run-normalize.ts', args: quick ? ['--count', '10'] : ['--count', '100'] },
  { script: 'library-query.ts', args: quick ? ['--count', '100000'] : ['--count', '500000'] },
  { script: 'job-engine.ts', args: [], node: ['--expose-gc'] },
  { script: 'startup.ts', args: [], optional: true },
  { script: 'watcher.ts', args: [], optional: true },
];

let failed = 0;
for (const bench of BENCHES) {
  const script = here(bench.script);
  if (!existsSync(script)) {
    if (!bench.optional) throw new Error(`missing ${script}`);
    continue;
  }
  console.log(`\n=== ${bench.script} ${bench.args.join(' ')}`);
  const run = spawnSync(process.execPath, [...(bench.node ?? []), script, ...bench.args], { stdio: 'inherit' });
  if (run.status !== 0) failed += 1;
}
process.exitCode = failed ? 1 : 0;
