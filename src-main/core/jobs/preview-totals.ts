import type { PreviewItem, PreviewOutcome, PreviewTotals } from '../../../src-shared/contract/jobs.ts';

/** Case-insensitive file systems (Windows, macOS by default) treat names differing in case as one. */
const FOLD_CASE = process.platform === 'win32' || process.platform === 'darwin';

/** What one dry-run row would do, as counted in the preview's totals. */
export function previewOutcomes(item: Pick<PreviewItem, 'state' | 'code' | 'diff' | 'newRelPath' | 'relPath'>): PreviewOutcome[] {
  if (item.state === 'failed') return ['fail'];
  if (item.code === 'TARGET_EXISTS') return ['collide'];
  if (item.state === 'skipped') return ['skip'];
  const out: PreviewOutcome[] = [];
  if (item.diff.length > 0) out.push('write');
  if (item.newRelPath !== null && item.newRelPath !== item.relPath) out.push('rename');
  return out;
}

/**
 * Collisions within the batch, predicted before the job starts: rows that would end at the same
 * name. Each row moving into a name another row of the batch ends at is flagged `collide` with
 * the other's path — both of two files mapping to the same new name, but not a file that simply
 * keeps a name another one would move into (that one keeps its name at run time).
 */
export function flagBatchCollisions(items: PreviewItem[]): void {
  const groups = new Map<string, PreviewItem[]>();
  for (const item of items) {
    if (item.state === 'failed') continue;
    const target = item.newRelPath ?? item.relPath;
    const key = FOLD_CASE ? target.toLowerCase() : target;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    for (const item of group) {
      const moving = item.newRelPath !== null && item.newRelPath !== item.relPath;
      if (!moving) continue;
      const other = group.find((o) => o !== item)!;
      item.outcomes = ['collide'];
      item.collidesWith = other.relPath;
      item.code ??= 'TARGET_EXISTS';
      item.message = `${other.relPath} would get the same name (${item.newRelPath}) in this batch`;
    }
  }
}

export function countTotals(items: readonly PreviewItem[]): PreviewTotals {
  const totals: PreviewTotals = { write: 0, rename: 0, skip: 0, fail: 0, collide: 0 };
  for (const item of items) for (const outcome of item.outcomes) totals[outcome] += 1;
  return totals;
}

/** The problems-only filter: what fails, collides, or is skipped for a reason. */
export function isProblem(item: PreviewItem): boolean {
  return item.outcomes.includes('fail') || item.outcomes.includes('collide') || (item.state === 'skipped' && item.code !== null);
}
