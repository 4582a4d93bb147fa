import { describe, expect, it } from 'vitest';
import { JOB_STATES } from '../../../src-shared/contract/jobs.ts';
import { transition, type JobEvent } from '../../../src-main/core/jobs/job-state.ts';
import { isTerminal } from '../../../src-shared/contract/job-policies.ts';

const EVENTS: JobEvent[] = ['claim', 'pause', 'stop', 'resume', 'cancel', 'complete', 'fail', 'crash', 'release'];

describe('job state machine', () => {
  it('follows the transition table', () => {
    expect(transition('queued', 'claim')).toBe('running');
    expect(transition('interrupted', 'claim')).toBe('running');
    expect(transition('running', 'complete')).toBe('completed');
    expect(transition('running', 'cancel')).toBe('cancelled');
    expect(transition('running', 'crash')).toBe('interrupted');
    expect(transition('running', 'stop')).toBe('paused');
    expect(transition('running', 'release')).toBe('queued');
    expect(transition('paused', 'resume')).toBe('queued');
    expect(transition('queued', 'cancel')).toBe('cancelled');
    expect(transition('paused', 'claim')).toBeNull();
    expect(transition('queued', 'complete')).toBeNull();
  });

  it('never moves a finished job, so a late "complete" cannot overwrite "cancelled"', () => {
    for (const state of JOB_STATES.filter(isTerminal)) {
      for (const event of EVENTS) expect(transition(state, event)).toBeNull();
    }
  });

  it('every non-terminal state can be cancelled', () => {
    for (const state of JOB_STATES.filter((s) => !isTerminal(s))) expect(transition(state, 'cancel')).toBe('cancelled');
  });
});
