/**
 * CLI start-up (docs/behaviour.md §7: `longbox --version` ≤ 4× a bare `node -e 0`), as users start it:
 * through the package's bin (bin/longbox.js) and through `npx longbox`, against `node -e 0`
 * started by the same Node, runs interleaved so machine load hits every command alike.
 * `--help` is measured too: it is answered by the bundle's small entry, without loading the
 * commands.
 *
 *   npm run build && node bench/startup.ts [--runs 15]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { arg } from './lib/bench-archives.ts';

const runs = Number(arg('runs', '15'));
const repo = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

const commands: Record<string, [string, string[]]> = {
  'node -e 0': [node, ['-e', '0']],
  'bin/longbox.js --version': [node, ['bin/longbox.js', '--version']],
  'npx longbox --version': [npx, ['longbox', '--version']],
  'bin/longbox.js --help': [node, ['bin/longbox.js', '--help']],
};

const times = new Map<string, number[]>(Object.keys(commands).map((name) => [name, []]));
for (let i = 0; i < runs + 1; i++) {
  for (const [name, [file, args]] of Object.entries(commands)) {
    const start = performance.now();
    const run = spawnSync(file, args, { cwd: repo, encoding: 'utf8' });
    const elapsed = performance.now() - start;
    if (run.status !== 0) throw new Error(`${name} failed (${run.status}): ${run.stderr}`);
    if (i > 0) times.get(name)!.push(elapsed); // the first round warms the page cache
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(times.get('node -e 0')!);
console.log(`Node ${process.versions.node}, ${runs} runs each, medians:`);
for (const [name, xs] of times) {
  const m = median(xs);
  console.log(`${name.padEnd(28)} ${m.toFixed(0).padStart(5)} ms  ${(m / base).toFixed(2)}× node -e 0`);
}
