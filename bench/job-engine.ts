/**
 * Job engine overhead (docs/behaviour.md §7): no-op items per second through the full engine — item rows,
 * page claims, worker threads, batched lease-fenced flushes, events — for 1k/10k/100k/500k items;
 * main-process memory during each run; and progress latency p95 (item done in a worker →
 * `job.items` event delivered to a subscriber).
 *
 * Run: `node --expose-gc bench/job-engine.ts` (without --expose-gc there is no live-heap figure).
 * Each size runs in a fresh process, so RSS figures do not carry over from the previous size.
 * Each process first runs a 200-item warm-up job: thread start-up and module loading are a
 * one-off cost of the first job, reported separately, not engine overhead per item.
 *
 * Memory: `heap live` is heapUsed right after a forced full GC, sampled at every 10% of the
 * job's progress — what the engine keeps, which must not grow with the job. `heap raw` and
 * `RSS` are sampled every 20 ms without GC (raw heap includes garbage not yet collected). The
 * forced GCs' own time is left out of the items/s figures. On a busy machine items/s varies a
 * lot from run to run; CPU time per item (all threads of the process) much less.
 */
import { spawnSync } from 'node:child_process';
import type { JobItem } from '../src-shared/contract/jobs.ts';
import { createJobHarness, seedFiles } from '../test/helpers/job-harness.ts';

const SIZES = [1_000, 10_000, 100_000, 500_000];
const WARMUP_ITEMS = 200;
const SAMPLE_MS = 20;
const mb = (n: number) => (n / 1048576).toFixed(1);

async function measure(size: number): Promise<string> {
  const h = await createJobHarness({ settings: { workerCount: 2, concurrentJobs: 1 }, record: false });
  // Only the warm-up's ids are kept: the baseline below is what the engine holds, not the seed.
  const warmupIds = seedFiles(h.db, size).slice(0, WARMUP_ITEMS);
  const cold = performance.now();
  const warmup = h.start({ kind: 'noop', scope: { type: 'selected', fileIds: warmupIds } });
  await h.engine.waitFor(warmup.id);
  const coldMs = performance.now() - cold;

  const latencies = new Float64Array(size);
  let n = 0;
  let gcMs = 0;
  let liveHeap = 0;
  let nextMark = size / 10;
  const gc = globalThis.gc;
  const sampleLive = () => {
    if (!gc) return;
    const t = performance.now();
    gc();
    gcMs += performance.now() - t;
    liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
  };
  h.listen((event, payload) => {
    if (event !== 'job.items') return;
    const now = performance.timeOrigin + performance.now();
    for (const item of (payload as { items: JobItem[] }).items) latencies[n++] = now - item.finishedAt!;
    if (n < nextMark) return;
    nextMark += size / 10;
    sampleLive();
  });
  gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, SAMPLE_MS);

  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  const job = h.start({ kind: 'noop', scope: { type: 'all' } });
  const created = performance.now();
  const final = await h.engine.waitFor(job.id);
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  clearInterval(sampler);
  await h.close();

  const sorted = latencies.subarray(0, n).sort();
  const pct = (p: number) => (sorted[Math.min(n - 1, Math.floor(n * p))] ?? NaN).toFixed(1);
  const rate = (ms: number) => Math.round(size / (ms / 1000));
  const live = gc ? `heap live ≤ ${mb(liveHeap)} MB (+${mb(liveHeap - baseline.heapUsed)} over baseline), ` : '';
  return (
    `${String(size).padStart(7)} items: ${rate(t1 - t0 - gcMs)} items/s end-to-end, ${rate(t1 - created - gcMs)} run phase ` +
    `(create ${Math.round(created - t0)} ms, run ${Math.round(t1 - created - gcMs)} ms, ${final.state} ${final.done}; ` +
    `first job incl. thread start ${Math.round(coldMs)} ms); ` +
    // CPU per item is what other load on the machine does not change much, unlike items/s.
    `CPU ${((cpu.user + cpu.system) / size).toFixed(1)} µs/item all threads, main thread busy ${Math.round(elu.utilization * 100)}%; ` +
    `${live}heap raw peak ${mb(peakHeap)} MB, RSS peak ${mb(peakRss)} MB (+${mb(peakRss - baseline.rss)}); ` +
    `progress latency p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${pct(1)} ms`
  );
}

const one = process.argv.indexOf('--size');
if (one !== -1) {
  console.log(await measure(Number(process.argv[one + 1])));
} else {
  for (const size of SIZES) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--size', String(size)], { stdio: 'inherit' });
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
}
