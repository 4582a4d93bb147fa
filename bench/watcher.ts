/**
 * Watcher latency (target: a stable new file is in the index ≤ 1 s after its stability window
 * ends, local disk). A real core (SQLite, worker pool, @parcel/watcher) watches a library of
 * `--files` archives; each trial moves a complete archive into it (one event, the window starts
 * then) and measures when its index row appears, minus the window. The ratio column is that
 * latency over the 1 s budget.
 *
 *   node bench/watcher.ts [--files 10000] [--trials 10] [--stable 5]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContractClient } from '../src-shared/contract/typed-client.ts';
import { createAppCore } from '../src-main/core/app-core.ts';
import { inProcessBridge } from '../src-main/core/contract/in-process-bridge.ts';
import { buildCbz } from '../src-main/core/demo/sample-library.ts';
import { arg } from './lib/bench-archives.ts';

const files = Number(arg('files', '10000'));
const trials = Number(arg('trials', '10'));
const stableSeconds = Number(arg('stable', '5'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longbox-bench-watch-'));
const library = path.join(work, 'library');
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

const archive = await buildCbz({ pages: 4 });
for (let i = 0; i < files; i++) {
  const folder = path.join(library, `Series ${i % 100}`);
  if (i < 100) fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, `Series ${i % 100} - Chapter ${String(Math.floor(i / 100) + 1).padStart(4, '0')}.cbz`), archive);
}

const core = await createAppCore({ dataDir: path.join(work, 'data'), mode: 'test', version: 'bench', ports: { logger: quiet } });
const client = createContractClient(inProcessBridge(core));
const updated = await client.invoke('settings.update', { watchStableSeconds: stableSeconds });
if (!updated.ok) throw new Error(updated.error.message);
const added = await client.invoke('library.roots.add', { path: library });
if (!added.ok) throw new Error(added.error.message);
const rootId = added.value.id;
await core.watch.start();

/** Resolves with Date.now() at the first watcher change after which `relPath` is indexed. */
function indexedAt(relPath: string): Promise<number> {
  return new Promise((resolve) => {
    const off = core.subscribe((event, payload) => {
      if (event !== 'library.changed' || (payload as { reason: string }).reason !== 'watcher') return;
      // The change's time; the lookup after it goes through the contract like any host's.
      const at = Date.now();
      void client.invoke('library.resolvePaths', { rootId, paths: [relPath] }).then((resolved) => {
        if (!resolved.ok || resolved.value[0]!.fileId === null) return;
        off();
        resolve(at);
      });
    });
  });
}

const latencies: number[] = [];
for (let t = 0; t < trials; t++) {
  const relPath = `Incoming/New ${t}.cbz`;
  fs.mkdirSync(path.join(library, 'Incoming'), { recursive: true });
  const staged = path.join(work, `staged-${t}.cbz`);
  fs.writeFileSync(staged, archive);
  const indexed = indexedAt(relPath);
  // A rename is atomic: the file is complete from its first event, so its window starts now.
  fs.renameSync(staged, path.join(library, ...relPath.split('/')));
  const windowEnds = Date.now() + stableSeconds * 1000;
  latencies.push((await indexed) - windowEnds);
}
await core.close();
fs.rmSync(work, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const median = latencies[Math.floor(latencies.length / 2)]!;
const worst = latencies.at(-1)!;
console.log(`${files} files watched, ${trials} new files, stability window ${stableSeconds} s`);
console.log(`in the index after the window ends: median ${median} ms, worst ${worst} ms`);
console.log(`ratio to the 1 s budget: median ${(median / 1000).toFixed(2)}, worst ${(worst / 1000).toFixed(2)} (target ≤ 1)`);
