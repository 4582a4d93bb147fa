import { describe, expect, it } from 'vitest';
import { transition, type JobEvent } from '../../src-main/core/jobs/job-state.ts';
import { canRetry, canUndo, isTerminal, UNDOABLE_JOB_KINDS } from '../../src-shared/contract/job-policies.ts';
import { JOB_KINDS, JOB_STATES, type JobKind, type JobState } from '../../src-shared/contract/jobs.ts';

const EVENTS: JobEvent[] = ['claim', 'pause', 'stop', 'resume', 'cancel', 'complete', 'fail', 'crash', 'release'];
const job = (kind: JobKind, state: JobState, succeeded: number, failed: number, undoneBy: string | null = null) => ({ kind, state, succeeded, failed, undoneBy });

describe('job policies: one definition for core, renderer and hosts', () => {
  it("the contract's terminal states are exactly the core state machine's dead ends", () => {
    for (const state of JOB_STATES) {
      const deadEnd = EVENTS.every((e) => transition(state, e) === null);
      expect(isTerminal(state), state).toBe(deadEnd);
    }
  });

  it('undo: ended, undoable kind, changed or tried something, not undone yet', () => {
    for (const kind of JOB_KINDS) {
      for (const state of JOB_STATES) {
        const expected = UNDOABLE_JOB_KINDS.has(kind) && isTerminal(state);
        expect(canUndo(job(kind, state, 1, 0)), `${kind} ${state}`).toBe(expected);
        expect(canUndo(job(kind, state, 0, 2)), `${kind} ${state}`).toBe(expected);
        expect(canUndo(job(kind, state, 0, 0)), `${kind} ${state} changed nothing`).toBe(false);
        expect(canUndo(job(kind, state, 3, 0, 'undo-job')), `${kind} ${state} undone`).toBe(false);
      }
    }
    // Scans, deletes (the OS trash is where they come back from), undos themselves: never.
    for (const kind of ['scan', 'delete', 'undo', 'convert', 'move-duplicate', 'noop'] as const) expect(UNDOABLE_JOB_KINDS.has(kind)).toBe(false);
  });

  it('retry: an ended item job with failed items, or one that failed as a whole', () => {
    for (const kind of JOB_KINDS) {
      for (const state of JOB_STATES) {
        const ended = isTerminal(state) && kind !== 'scan';
        expect(canRetry(job(kind, state, 5, 1)), `${kind} ${state}`).toBe(ended);
        expect(canRetry(job(kind, state, 5, 0)), `${kind} ${state} nothing failed`).toBe(ended && state === 'failed');
      }
    }
  });
});
