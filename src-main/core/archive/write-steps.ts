import type { FileHandle } from 'node:fs/promises';

/**
 * The named points of an archive write, in order: the crash points the journal and the temp
 * file protect against (docs/mutations.md). A `WriteSteps` observer is told when each is
 * reached; the default does nothing. Tests use it to fail the next file-system step with an
 * errno (ENOSPC, EIO…) or to kill the process right there, and then check that recovery leaves
 * the archive byte-identical to the old or the new one.
 */
export type TailStep =
  /** The undo record is durable; the archive is untouched. */
  | 'journal-written'
  /** About to write the new tail over the old (detail: the bytes and where they go). */
  | 'tail-write'
  | 'tail-written'
  | 'truncated'
  | 'synced'
  | 'verified';

export type RebuildStep = 'intent-written' | 'temp-written' | 'temp-synced' | 'temp-verified' | 'renamed';

export type WriteStep = TailStep | RebuildStep;

export interface StepDetail {
  handle: FileHandle;
  position: number;
  bytes: Buffer;
}

export interface WriteSteps {
  reached(step: WriteStep, detail?: StepDetail): void | Promise<void>;
}

export const NO_STEPS: WriteSteps = { reached: () => undefined };
