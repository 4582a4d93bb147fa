import type { FolderGroup } from '../../src-shared/contract/library-view.ts';
import { groupKey } from '../state/library-store.ts';

/**
 * The library's virtual lines (docs/ui.md "Library"): a folder header line per group, then the
 * group's rows `perLine` at a time (1 in the list, the column count in the grid). Rows are
 * named by their index in the core's grouped result, where a group's rows are contiguous.
 */
export type Line =
  | { kind: 'header'; group: FolderGroup; collapsed: boolean }
  | { kind: 'rows'; from: number; to: number; group: FolderGroup | null };

export interface Layout {
  lines: Line[];
  /** Indices into `lines` of the row lines, ascending by row: the lookup table for keys. */
  rowLines: number[];
}

export function buildLayout(total: number, groups: FolderGroup[] | null, collapsed: Set<string>, perLine: number): Layout {
  const lines: Line[] = [];
  const rowLines: number[] = [];
  const pushRows = (from: number, count: number, group: FolderGroup | null) => {
    for (let at = from; at < from + count; at += perLine) {
      rowLines.push(lines.length);
      lines.push({ kind: 'rows', from: at, to: Math.min(at + perLine, from + count) - 1, group });
    }
  };
  if (!groups) {
    pushRows(0, total, null);
    return { lines, rowLines };
  }
  let offset = 0;
  for (const group of groups) {
    const shut = collapsed.has(groupKey(group));
    lines.push({ kind: 'header', group, collapsed: shut });
    if (!shut) pushRows(offset, group.count, group);
    offset += group.count;
  }
  return { lines, rowLines };
}

/** The line showing row `index`, or -1 when it is folded away. */
export function lineOfRow({ lines, rowLines }: Layout, index: number): number {
  let lo = 0;
  let hi = rowLines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const line = lines[rowLines[mid]!] as Extract<Line, { kind: 'rows' }>;
    if (index < line.from) hi = mid - 1;
    else if (index > line.to) lo = mid + 1;
    else return rowLines[mid]!;
  }
  return -1;
}

/** The visible row `step` rows away from `index` (rows of folded groups are skipped). */
export function stepRow(layout: Layout, index: number, step: number, total: number): number {
  const dir = Math.sign(step) || 1;
  let next = Math.max(0, Math.min(total - 1, index + step));
  while (next > 0 && next < total - 1 && lineOfRow(layout, next) < 0) next += dir;
  return lineOfRow(layout, next) < 0 ? index : next;
}

/** The group header a scroll position is inside: the sticky header shows it. */
export function groupAtLine(lines: Line[], lineIndex: number): FolderGroup | null {
  for (let i = Math.min(lineIndex, lines.length - 1); i >= 0; i--) {
    const line = lines[i]!;
    if (line.kind === 'header') return line.group;
    if (line.group) return line.group;
  }
  return null;
}
