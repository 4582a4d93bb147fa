import { runOperation } from '../operations/run-operation.ts';
import type { OperationItem, OperationKind } from '../operations/operation-types.ts';
import type { TaskOwner } from '../exec/worker-pool.ts';
import type { WorkerContext } from '../exec/worker-protocol.ts';

/**
 * Runs delete items on the main thread, one at a time: the OS trash is a port of the host
 * (Electron's `shell.trashItem`), a function no worker thread can be handed. Trashing before
 * the item's result is recorded means a delete is never reported done while the file is still
 * there. Same surface as the worker pool as far as a runner is concerned.
 */
export class TrashPool {
  readonly capacity = 1;
  readonly #trash: (path: string) => Promise<void>;

  constructor(trash: (path: string) => Promise<void>) {
    this.#trash = trash;
  }

  run<T>(kind: OperationKind, item: OperationItem, ctx: WorkerContext, owner: TaskOwner<T>, tag: T): void {
    void runOperation(kind, item, { ...ctx, trash: this.#trash }).then((outcome) => owner.finished(tag, { outcome, finishedAt: Date.now() }));
  }

  /** Nothing waits here beyond the one running item, which finishes (a trash call is short). */
  dropQueued(): void {}
}
