import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POOL_THREAD_NICE } from '../../../src-main/core/exec/background-priority.ts';
import { WorkerPool } from '../../../src-main/core/exec/worker-pool.ts';
import { ctxFor, itemFor, sandbox, writeCbz, type Sandbox } from '../operations/helpers.ts';

/** Nice value of every thread of this process, by thread id (Linux /proc). */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start at field 3; nice is field 19.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      nices.set(Number(tid), Number(fields[19 - 3]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return nices;
}

let sb: Sandbox;
beforeEach(async () => {
  sb = await sandbox();
});
afterEach(async () => sb.cleanup());

describe.runIf(process.platform === 'linux')('pool thread priority', () => {
  it('pool threads run below the main thread, so a job never takes the CPU from the UI', async () => {
    await writeCbz(sb, 'Foo/Foo 1.cbz');
    const item = await itemFor(sb, 'Foo/Foo 1.cbz');
    const mainTid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    const niceBefore = threadNices();
    const pool = new WorkerPool({ size: 2, itemTimeoutMs: 60_000 });
    try {
      // Two tasks at once start both threads; a no-op touches nothing.
      const ctx = { ...ctxFor(sb), noop: { delayMs: 50, failEvery: 0 } };
      await Promise.all([pool.runOne('noop', item, ctx), pool.runOne('noop', { ...item }, ctx)]);
      const lowered = [...threadNices()].filter(([tid, nice]) => !niceBefore.has(tid) && nice === POOL_THREAD_NICE);
      expect(lowered.length).toBeGreaterThanOrEqual(2);
      expect(threadNices().get(mainTid)).toBe(niceBefore.get(mainTid));
    } finally {
      await pool.close();
    }
  });
});
