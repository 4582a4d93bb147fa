import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Filter, LibraryFile, Sort } from '../../src-shared/contract/library.ts';
import { countLabel, groupKey, PAGE_SIZE, rowAt } from '../state/library-store.ts';
import { FileCard, FileRow, FolderHeader, ROW_HEIGHT } from './LibraryRows.tsx';
import { buildLayout, groupAtLine, lineOfRow, stepRow } from './library-layout.ts';
import { SelectionBar } from './SelectionBar.tsx';
import { useLibrary, useUi } from './stores-context.tsx';
import { useElementWidth } from './use-element-width.ts';

const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'unprocessed', label: 'Unprocessed' },
  { value: 'processed', label: 'Processed' },
  { value: 'duplicate', label: 'Duplicates' },
  { value: 'error', label: 'Errors' },
];

const SORTS: Array<{ value: Sort; label: string }> = [
  { value: 'name', label: 'Name' },
  { value: 'series', label: 'Series and number' },
  { value: 'modified', label: 'Modified' },
  { value: 'size', label: 'Size' },
];

const CARD_WIDTH = 168;
const CARD_HEIGHT = 268;

/**
 * The library (docs/ui.md "Library"): one tab stop (the grid); arrows move the cursor,
 * Shift+arrows extend the selection, Space toggles, Ctrl/Cmd+A selects every matching file,
 * Enter opens the details. Folder headers fold and select a whole folder.
 */
export function LibraryView() {
  const library = useLibrary();
  const { query, total, totalExact, pages, groups, collapsed, setQuery, ensurePage, selected, select } = library;
  const { layout: mode, setLayout, openDetails } = useUi();
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(scrollRef);
  const perLine = mode === 'grid' ? Math.max(1, Math.floor((width - 24) / CARD_WIDTH)) : 1;
  const layout = useMemo(
    () => buildLayout(total, query.groupByFolder && groups.length > 0 ? groups : null, collapsed, perLine),
    [total, query.groupByFolder, groups, collapsed, perLine],
  );
  const [cursorAt, setCursor] = useState(0);
  // A search or filter can leave fewer rows than the cursor's index: it then stays on the last
  // row, so Enter and Space act on a row that is there.
  const cursor = total > 0 ? Math.min(cursorAt, total - 1) : 0;
  const lineHeight = mode === 'grid' ? CARD_HEIGHT : ROW_HEIGHT;
  const virtualizer = useVirtualizer({
    count: layout.lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (layout.lines[i]?.kind === 'header' ? ROW_HEIGHT : lineHeight),
    overscan: 8,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, lineHeight, layout]);
  const items = virtualizer.getVirtualItems();
  const firstLine = items[0]?.index ?? 0;
  const firstRow = rowRange(layout.lines, items.map((i) => i.index));

  useEffect(() => {
    if (!firstRow) return;
    for (let page = Math.floor(firstRow.from / PAGE_SIZE); page <= Math.floor(firstRow.to / PAGE_SIZE); page++) void ensurePage(page);
  }, [firstRow?.from, firstRow?.to, ensurePage, pages]);

  const stickyGroup = query.groupByFolder ? groupAtLine(layout.lines, firstLine) : null;
  const cursorFile = rowAt(library, cursor);

  const moveTo = (index: number, extend: boolean) => {
    setCursor(index);
    const line = lineOfRow(layout, index);
    if (line >= 0) virtualizer.scrollToIndex(line);
    const file = rowAt(library, index);
    if (extend && file) select(index, file, 'range');
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // Keys pressed on a folder header's controls are theirs (Enter folds, Space selects).
    if (total === 0 || event.target !== event.currentTarget) return;
    const vertical = mode === 'grid' ? perLine : 1;
    const steps: Record<string, number> = { ArrowDown: vertical, ArrowUp: -vertical, PageDown: 10 * vertical, PageUp: -10 * vertical };
    if (mode === 'grid') Object.assign(steps, { ArrowRight: 1, ArrowLeft: -1 });
    if (event.key in steps) {
      event.preventDefault();
      moveTo(stepRow(layout, cursor, steps[event.key]!, total), event.shiftKey);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      moveTo(event.key === 'Home' ? nearestVisible(layout, 0, 1, total) : nearestVisible(layout, total - 1, -1, total), event.shiftKey);
    } else if (event.key === ' ' && cursorFile) {
      event.preventDefault();
      select(cursor, cursorFile, 'toggle');
    } else if (event.key === 'Enter' && cursorFile) {
      // Otherwise Enter's default action would also press whatever the dialog focuses first.
      event.preventDefault();
      openDetails(cursorFile.id);
    } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      void library.selectAllMatching();
    } else if (event.key === 'Escape' && selected.size > 0) {
      library.clearSelection();
    }
  };

  const activeId = cursorFile && lineOfRow(layout, cursor) >= 0 ? `file-${cursorFile.id}` : undefined;
  const rowProps = (index: number, file: LibraryFile | undefined) => ({
    index,
    file,
    selected: file ? selected.has(file.id) : false,
    active: index === cursor,
    onPick: (e: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }) => {
      if (!file) return;
      setCursor(index);
      select(index, file, e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'only');
    },
    onToggle: (shift: boolean) => file && select(index, file, shift ? 'range' : 'toggle'),
    onOpen: () => file && openDetails(file.id),
  });

  return (
    <section className="library" aria-label="Library">
      <div className="toolbar">
        <div role="group" aria-label="Filter" className="filters">
          {FILTERS.map((f) => (
            <button key={f.value} type="button" aria-pressed={query.filter === f.value} onClick={() => setQuery({ filter: f.value })}>
              {f.label} <span className="count">{countLabel(library, f.value)}</span>
            </button>
          ))}
        </div>
        <input
          type="search"
          aria-label="Search files"
          placeholder="Search name, series, number"
          defaultValue={query.search}
          onChange={(e) => setQuery({ search: e.target.value })}
        />
        <label>
          Sort{' '}
          <select value={query.sort} onChange={(e) => setQuery({ sort: e.target.value as Sort })}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          aria-label={query.direction === 'asc' ? 'Sort descending' : 'Sort ascending'}
          onClick={() => setQuery({ direction: query.direction === 'asc' ? 'desc' : 'asc' })}
        >
          {query.direction === 'asc' ? '↑' : '↓'}
        </button>
        <label className="check">
          <input type="checkbox" checked={query.groupByFolder} onChange={(e) => setQuery({ groupByFolder: e.target.checked })} />
          Group by folder
        </label>
        <div role="group" aria-label="Layout" className="layouts">
          <button type="button" aria-pressed={mode === 'list'} onClick={() => setLayout('list')}>
            List
          </button>
          <button type="button" aria-pressed={mode === 'grid'} onClick={() => setLayout('grid')}>
            Grid
          </button>
        </div>
      </div>
      <SelectionBar />
      <div
        ref={scrollRef}
        className={`file-list layout-${mode}`}
        role="grid"
        aria-label="Files"
        aria-rowcount={totalExact ? total : -1}
        aria-multiselectable="true"
        aria-activedescendant={activeId}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        {mode === 'list' && (
          <div role="row" className="file-list-header">
            <span role="columnheader">Name</span>
            <span role="columnheader">Series</span>
            <span role="columnheader">#</span>
            <span role="columnheader">Size</span>
            <span role="columnheader">Modified</span>
            <span role="columnheader">Status</span>
          </div>
        )}
        {stickyGroup && firstLine > 0 && (
          <div className="sticky-group" aria-hidden="true">
            {stickyGroup.folder || '(library root)'} · {stickyGroup.count}
          </div>
        )}
        {total === 0 && <p className="empty">{query.search || query.filter !== 'all' ? 'No files match.' : 'No files. Add a library folder to get started.'}</p>}
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const line = layout.lines[item.index]!;
            const style = { transform: `translateY(${item.start}px)`, height: line.kind === 'header' ? ROW_HEIGHT : lineHeight };
            if (line.kind === 'header') {
              return <FolderHeader key={`h-${groupKey(line.group)}`} group={line.group} collapsed={line.collapsed} style={style} />;
            }
            if (mode === 'list') {
              const file = rowAt(library, line.from);
              return <FileRow key={item.key} {...rowProps(line.from, file)} style={style} />;
            }
            return (
              <div key={item.key} role="row" className="card-line" style={style}>
                {Array.from({ length: line.to - line.from + 1 }, (_, i) => line.from + i).map((index) => (
                  <FileCard key={index} {...rowProps(index, rowAt(library, index))} />
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

/** `index` when it is shown, else the next shown row in direction `dir` (past folded groups). */
function nearestVisible(layout: ReturnType<typeof buildLayout>, index: number, dir: 1 | -1, total: number): number {
  return lineOfRow(layout, index) >= 0 ? index : stepRow(layout, index, dir, total);
}

/** The first and last result rows the rendered lines show (to load their pages). */
function rowRange(lines: ReturnType<typeof buildLayout>['lines'], shown: number[]): { from: number; to: number } | null {
  let from = Infinity;
  let to = -1;
  for (const i of shown) {
    const line = lines[i];
    if (line?.kind !== 'rows') continue;
    from = Math.min(from, line.from);
    to = Math.max(to, line.to);
  }
  return to < 0 ? null : { from, to };
}
