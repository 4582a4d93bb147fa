import { describe, expect, it } from 'vitest';
import { StabilityWindow } from '../../../src-main/core/watch/stability-window.ts';
import { changedPaths } from '../../../src-main/core/watch/tree-diff.ts';

const stamp = (size: number, mtimeMs = 1000, ino = '1:1') => ({ size, mtimeMs, ino });

describe('stability window (injected clock)', () => {
  it('a path is stable only when a fresh stamp equals the one seen a whole window earlier', () => {
    const window = new StabilityWindow(() => 5_000);
    window.note('a.cbz', stamp(10), 0);
    expect(window.nextDue()).toBe(5_000);
    expect(window.due(4_999)).toEqual([]);
    expect(window.due(5_000)).toEqual(['a.cbz']);
    // Grew meanwhile: waits a whole window from now, never dropped.
    expect(window.check('a.cbz', stamp(20), 5_000)).toBe('waiting');
    expect(window.nextDue()).toBe(10_000);
    expect(window.check('a.cbz', stamp(20), 10_000)).toBe('stable');
    expect(window.size).toBe(0);
    expect(window.nextDue()).toBeNull();
  });

  it('noting the same stamp again does not restart the window; a different mtime or inode does', () => {
    const window = new StabilityWindow(() => 5_000);
    window.note('a.cbz', stamp(10), 0);
    window.note('a.cbz', stamp(10), 3_000);
    expect(window.nextDue()).toBe(5_000);
    window.note('a.cbz', stamp(10, 2000), 3_000);
    expect(window.nextDue()).toBe(8_000);
    window.note('a.cbz', stamp(10, 2000, '1:2'), 4_000);
    expect(window.check('a.cbz', stamp(10, 2000, '1:2'), 8_999)).toBe('waiting');
    expect(window.check('a.cbz', stamp(10, 2000, '1:2'), 9_000)).toBe('stable');
  });

  it('a path that stays missing is stable as missing (created and deleted at once)', () => {
    const window = new StabilityWindow(() => 1_000);
    window.note('blink.cbz', stamp(5), 0);
    window.note('blink.cbz', null, 10);
    expect(window.check('blink.cbz', null, 1_010)).toBe('stable');
  });

  it('reads the window length at each use, so a changed setting applies at once', () => {
    let ms = 5_000;
    const window = new StabilityWindow(() => ms);
    window.note('a.cbz', stamp(1), 0);
    ms = 1_000;
    expect(window.due(1_000)).toEqual(['a.cbz']);
  });

  it('a rescan notes every path where disk and index disagree', () => {
    const disk = new Map([
      ['same.cbz', stamp(1)],
      ['grown.cbz', stamp(2)],
      ['new.cbz', stamp(3)],
      ['moved-inode.cbz', stamp(4, 1000, '1:9')],
    ]);
    const index = new Map([
      ['same.cbz', stamp(1)],
      ['grown.cbz', stamp(1)],
      ['gone.cbz', stamp(5)],
      ['moved-inode.cbz', stamp(4)],
    ]);
    expect(changedPaths(disk, index).sort()).toEqual(
      [
        ['grown.cbz', stamp(2)],
        ['new.cbz', stamp(3)],
        ['moved-inode.cbz', stamp(4, 1000, '1:9')],
        ['gone.cbz', null],
      ].sort(),
    );
  });
});
