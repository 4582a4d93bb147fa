import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ctxFor, itemFor, listFiles, sandbox, writeCbz } from './helpers.ts';
import type { Sandbox } from './helpers.ts';
import type { OperationOutcome } from '../../../src-main/core/operations/operation-types.ts';

let sb: Sandbox;
beforeEach(async () => {
  sb = await sandbox();
});
afterEach(async () => sb.cleanup());

describe('runOperation in a worker thread', () => {
  it('takes structured-cloned input and returns a structured-cloned outcome', async () => {
    await writeCbz(sb, 'Foo/Foo 2.cbz');
    const workerData = { kind: 'process', item: await itemFor(sb, 'Foo/Foo 2.cbz'), ctx: ctxFor(sb) };
    const worker = new Worker(path.join(import.meta.dirname, 'worker-entry.ts'), { workerData });
    const outcome = await new Promise<OperationOutcome>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(outcome).toMatchObject({ state: 'done', fileStatus: 'processed', newRelPath: 'Foo/Foo - Chapter 0002.cbz' });
    expect(outcome.metadata).toMatchObject({ series: 'Foo', number: '2' });
    expect(await listFiles(sb.root)).toEqual(['Foo/Foo - Chapter 0002.cbz']);
  });
});
