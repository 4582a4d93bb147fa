/**
 * Job engine overhead (SPEC §7): no-op items per second through the full engine — item rows,
 * page claims, worker threads, batched lease-fenced flushes, events — for 1k/10k/100k items;
 * peak main-process RSS/heap during each run; and progress latency p95 (item done in a worker
 * → `job.items` event delivered to a subscriber). Run: `node bench/job-engine.ts`.
 */
import type { JobItem } from '../src-shared/contract/jobs.ts';
import { createJobHarness, seedFiles } from '../test/helpers/job-harness.ts';

const SIZES = [1_000, 10_000, 100_000];
const mb = (n: number) => (n / 1048576).toFixed(1);

for (const size of SIZES) {
  // Events are not recorded by the harness: memory measured is the engine's, not the test log's.
  const h = await createJobHarness({ settings: { workerCount: 2, concurrentJobs: 1 }, record: false });
  seedFiles(h.db, size);
  const latencies = new Float64Array(size);
  let n = 0;
  h.listen((event, payload) => {
    if (event !== 'job.items') return;
    const now = performance.timeOrigin + performance.now();
    for (const item of (payload as { items: JobItem[] }).items) latencies[n++] = now - item.finishedAt!;
  });
  global.gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const t0 = performance.now();
  const job = h.start({ kind: 'noop', scope: { type: 'all' } });
  const created = performance.now();
  const final = await h.engine.waitFor(job.id);
  const t1 = performance.now();
  clearInterval(sampler);
  const sorted = latencies.subarray(0, n).sort();
  const p95 = sorted[Math.floor(n * 0.95)] ?? NaN;
  console.log(
    `${String(size).padStart(7)} items: ${Math.round(size / ((t1 - t0) / 1000))} items/s end-to-end ` +
      `(create ${Math.round(created - t0)} ms, run ${Math.round(t1 - created)} ms, ${final.state}, done ${final.done}); ` +
      `peak RSS ${mb(peakRss)} MB (start ${mb(baseline.rss)}), peak heap ${mb(peakHeap)} MB (start ${mb(baseline.heapUsed)}); ` +
      `progress latency p95 ${p95.toFixed(1)} ms, p50 ${(sorted[Math.floor(n / 2)] ?? NaN).toFixed(1)} ms`,
  );
  await h.close();
}
