// Test-only worker: runs one operation inside a real worker thread, as the job engine's pool does.
import { parentPort, workerData } from 'node:worker_threads';
import { runOperation } from '../../../src-main/core/operations/run-operation.ts';

const { kind, item, ctx } = workerData;
parentPort?.postMessage(await runOperation(kind, item, ctx));
