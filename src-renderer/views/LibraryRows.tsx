import type { CSSProperties } from 'react';
import type { LibraryFile } from '../../src-shared/contract/library.ts';
import type { FolderGroup } from '../../src-shared/contract/library-view.ts';
import { groupKey, PAGE_SIZE } from '../state/library-store.ts';
import { CoverImage } from './CoverImage.tsx';
import { formatDate, formatSize } from './format.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { useLibrary } from './stores-context.tsx';

export const ROW_HEIGHT = 40;

interface RowProps {
  index: number;
  file: LibraryFile | undefined;
  selected: boolean;
  active: boolean;
  onPick(e: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }): void;
  onToggle(shift: boolean): void;
  onOpen(): void;
}

/** Row checkboxes are not tab stops: the grid is the one stop, Space toggles (docs/ui.md). */
function RowCheck({ file, selected, onToggle }: Pick<RowProps, 'file' | 'selected' | 'onToggle'>) {
  return (
    <input
      type="checkbox"
      tabIndex={-1}
      aria-label={`Select ${file?.name ?? 'file'}`}
      checked={selected}
      onClick={(e) => e.stopPropagation()}
      onChange={(e) => onToggle((e.nativeEvent as MouseEvent).shiftKey)}
    />
  );
}

export function FileRow({ index, file, selected, active, onPick, onToggle, onOpen, style }: RowProps & { style: CSSProperties }) {
  return (
    <div
      id={file ? `file-${file.id}` : undefined}
      role="row"
      aria-rowindex={index + 1}
      aria-selected={selected}
      className={`file-row${selected ? ' selected' : ''}${active ? ' active' : ''}${file?.status === 'error' ? ' has-error' : ''}`}
      style={style}
      onClick={onPick}
      onDoubleClick={onOpen}
    >
      {file ? (
        <>
          <span role="gridcell" className="name">
            <RowCheck file={file} selected={selected} onToggle={onToggle} />
            <CoverImage fileId={file.id} name={file.name} thumbnail />
            <span className="name-text">{file.name}</span>
          </span>
          <span role="gridcell">{file.series ?? ''}</span>
          <span role="gridcell">{file.number ?? ''}</span>
          <span role="gridcell">{formatSize(file.size)}</span>
          <span role="gridcell">{formatDate(file.mtimeMs)}</span>
          <span role="gridcell" className="status-cell">
            <StatusBadge status={file.status} />
            {/* The reason is text in the row, not a tooltip (docs/ui.md "Errors"). */}
            {file.error && <span className="row-error">{file.error}</span>}
          </span>
        </>
      ) : (
        <span role="gridcell" className="loading">
          Loading…
        </span>
      )}
    </div>
  );
}

export function FileCard({ index, file, selected, active, onPick, onToggle, onOpen }: RowProps) {
  return (
    <div
      id={file ? `file-${file.id}` : undefined}
      role="gridcell"
      aria-selected={selected}
      aria-label={file ? `${file.name}, ${file.status}` : 'Loading'}
      data-index={index}
      className={`file-card${selected ? ' selected' : ''}${active ? ' active' : ''}`}
      onClick={onPick}
      onDoubleClick={onOpen}
    >
      {file ? (
        <>
          <CoverImage fileId={file.id} name={file.name} thumbnail />
          <div className="card-name">
            <RowCheck file={file} selected={selected} onToggle={onToggle} />
            <span className="name-text">{file.name}</span>
          </div>
          <StatusBadge status={file.status} />
          {file.error && <span className="row-error">{file.error}</span>}
        </>
      ) : (
        <span className="loading">Loading…</span>
      )}
    </div>
  );
}

/** A folder group's header: fold, select the folder, its count. */
export function FolderHeader({ group, collapsed, style }: { group: FolderGroup; collapsed: boolean; style: CSSProperties }) {
  const { toggleCollapsed, selectFolder, selected, pages, groups, groupsProvisional } = useLibrary();
  // Whether every row of the folder is selected, judged from its loaded rows (all of them, once
  // it has been scrolled through; the box then reflects exactly the folder).
  let start = 0;
  for (const g of groups) {
    if (groupKey(g) === groupKey(group)) break;
    start += g.count;
  }
  let loaded = 0;
  let chosen = 0;
  for (let i = start; i < start + group.count; i++) {
    const file = pages[Math.floor(i / PAGE_SIZE)]?.[i % PAGE_SIZE];
    if (!file) continue;
    loaded++;
    if (selected.has(file.id)) chosen++;
  }
  const all = loaded === group.count && chosen === loaded && loaded > 0;
  const name = group.folder || '(library root)';
  return (
    <div role="row" className="folder-header" style={style}>
      <span role="columnheader" aria-colspan={6} className="folder-header-cell">
        {/* Tab stops (unlike the rows): Tab from the list reaches the headers on screen; Enter
            folds, Space selects the folder. Only rendered headers exist, so they are few. */}
        <button type="button" aria-expanded={!collapsed} aria-label={`Fold ${name}`} onClick={() => toggleCollapsed(group)}>
          {collapsed ? '▸' : '▾'}
        </button>
        <input type="checkbox" aria-label={`Select folder ${name}`} checked={all} onChange={(e) => void selectFolder(group, e.target.checked)} />
        <strong>{name}</strong>
        <span className="count">
          {groupsProvisional && group === groups.at(-1) ? 'counting…' : `${group.count} ${group.count === 1 ? 'file' : 'files'}`}
        </span>
      </span>
    </div>
  );
}
