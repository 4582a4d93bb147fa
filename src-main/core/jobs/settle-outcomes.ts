import { rm } from 'node:fs/promises';
import type { OperationOutcome } from '../operations/operation-types.ts';
import type { Logger } from '../ports.ts';

/**
 * What an item leaves for after its row is committed, never before: its rename intents are
 * dropped (the index now names the new path, so recovery no longer needs them) and originals
 * replaced by a conversion go to the OS trash. A crash before this runs is harmless: recovery
 * reconciles a completed rename as a no-op, and the original simply stays where it was.
 */
export function settleOutcomes(
  outcomes: readonly OperationOutcome[],
  trash: (path: string) => Promise<void>,
  logger: Logger,
): void {
  for (const outcome of outcomes) {
    for (const intent of outcome.openIntents ?? []) {
      rm(intent, { force: true }).catch((error: unknown) => logger.warn({ err: error, intent }, 'could not remove a rename intent'));
    }
    for (const original of outcome.pendingTrash ?? []) {
      trash(original).catch((error: unknown) =>
        logger.warn({ err: error, path: original }, 'could not move the converted original to the trash; it stays in place'),
      );
    }
  }
}
