import { describe, expect, it, vi } from 'vitest';
import type { JobSnapshot } from '../../../src-shared/contract/jobs.ts';
import type { AppCore } from '../../../src-main/core/app-core.ts';
import type { EventListener } from '../../../src-main/core/contract/event-bus.ts';

// Stand-ins for the `electron` module: what the presence shows is recorded, not drawn.
const stand = vi.hoisted(() => ({
  menus: [] as Array<Array<{ label?: string }>>,
  progress: [] as number[],
  notes: [] as Array<{ title: string; body: string }>,
  focused: null as object | null,
}));

vi.mock('electron', () => {
  const window = { setProgressBar: (p: number) => stand.progress.push(p), isMinimized: () => false, show() {}, focus() {} };
  return {
    app: { quit() {}, dock: undefined },
    BrowserWindow: { getAllWindows: () => [window], getFocusedWindow: () => stand.focused },
    Menu: { buildFromTemplate: (items: Array<{ label?: string }>) => items },
    Tray: class {
      setToolTip() {}
      on() {}
      destroy() {}
      setContextMenu(menu: Array<{ label?: string }>) {
        stand.menus.push(menu);
      }
    },
    Notification: class {
      static isSupported = () => true;
      readonly options: { title: string; body: string };
      constructor(options: { title: string; body: string }) {
        this.options = options;
      }
      on() {}
      show() {
        stand.notes.push(this.options);
      }
    },
    nativeImage: { createFromPath: () => ({}) },
  };
});

const { JobPresence } = await import('../../../src-main/electron/job-presence.ts');

function job(patch: Partial<JobSnapshot>): JobSnapshot {
  return {
    id: '00000000-0000-4000-8000-000000000001', kind: 'process', title: 'Process unprocessed files', state: 'running',
    priority: 0, createdAt: 1, startedAt: 1, finishedAt: null, total: 10, done: 0, succeeded: 0, skipped: 0, failed: 0,
    seq: 1, lastError: null, cancelRequested: false, pauseRequested: false, interruptions: 0, seen: false, parentJobId: null, resumesAt: null, outcome: null, undoneBy: null,
    ...patch,
  };
}

function fakeCore() {
  let listener: EventListener = () => {};
  const core = {
    subscribe: (l: EventListener) => {
      listener = l;
      return () => {};
    },
    dispatch: async () => ({ ok: true, value: { active: [], unseen: [] } }),
  } as unknown as AppCore;
  return { core, emit: (snapshot: JobSnapshot) => listener('job.updated', snapshot) };
}

describe('Electron job presence (tray, taskbar, notifications)', () => {
  it('lists running jobs in the tray, shows taskbar progress, and keeps the app alive while busy', () => {
    const { core, emit } = fakeCore();
    const presence = new JobPresence(core, '/assets', () => { throw new Error('no window needed'); });
    expect(presence.busy).toBe(false);
    emit(job({ done: 4, seq: 2 }));
    expect(presence.busy).toBe(true);
    expect(stand.menus.at(-1)![0]!.label).toBe('Process unprocessed files — 40%');
    expect(stand.progress.at(-1)).toBeCloseTo(0.4);
    emit(job({ done: 2, seq: 1 })); // an older event never rolls the view back
    expect(stand.progress.at(-1)).toBeCloseTo(0.4);
    emit(job({ state: 'completed', done: 10, succeeded: 9, failed: 1, seq: 3 }));
    expect(presence.busy).toBe(false);
    expect(stand.progress.at(-1)).toBe(-1);
    expect(stand.notes.at(-1)).toEqual({ title: 'Process unprocessed files — completed', body: '9 done, 0 skipped, 1 failed' });
  });

  it('does not notify when a window has focus, or for a cancel the user made', () => {
    const { core, emit } = fakeCore();
    new JobPresence(core, '/assets', () => { throw new Error('no window needed'); });
    const before = stand.notes.length;
    stand.focused = {};
    emit(job({ id: '00000000-0000-4000-8000-000000000002', seq: 1 }));
    emit(job({ id: '00000000-0000-4000-8000-000000000002', state: 'failed', seq: 2 }));
    stand.focused = null;
    emit(job({ id: '00000000-0000-4000-8000-000000000003', seq: 1 }));
    emit(job({ id: '00000000-0000-4000-8000-000000000003', state: 'cancelled', seq: 2 }));
    expect(stand.notes.length).toBe(before);
  });
});
