import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { Filter, LibraryFile, Sort } from '../../src-shared/contract/library.ts';
import { PAGE_SIZE, useLibrary } from '../state/library-store.ts';
import { useUi } from '../state/ui-store.ts';
import { formatDate, formatSize } from './format.ts';
import { StatusBadge } from './StatusBadge.tsx';

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

const ROW_HEIGHT = 36;

export function LibraryView() {
  const { query, counts, total, pages, setQuery, ensurePage, selected, select } = useLibrary();
  const openDetails = useUi((s) => s.openDetails);
  const openBatchEdit = useUi((s) => s.openBatchEdit);
  const openDelete = useUi((s) => s.openDelete);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) void ensurePage(page);
  }, [first, last, ensurePage, pages]);

  const rowAt = (index: number): LibraryFile | undefined => pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE];

  return (
    <section className="library" aria-label="Library">
      <div className="toolbar">
        <div role="tablist" aria-label="Filter">
          {FILTERS.map((f) => (
            <button
              key={f.value}
              type="button"
              role="tab"
              aria-selected={query.filter === f.value}
              onClick={() => setQuery({ filter: f.value })}
            >
              {f.label} <span className="count">{counts[f.value]}</span>
            </button>
          ))}
        </div>
        <input
          type="search"
          aria-label="Search files"
          placeholder="Search name or series"
          defaultValue={query.search}
          onChange={(e) => setQuery({ search: e.target.value })}
        />
        <label>
          Sort
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
        <label>
          <input
            type="checkbox"
            checked={query.groupByFolder}
            onChange={(e) => setQuery({ groupByFolder: e.target.checked })}
          />
          Group by folder
        </label>
        <button type="button" disabled={selected.size !== 1} onClick={() => openDetails([...selected][0]!)}>
          Details
        </button>
        <button type="button" disabled={selected.size < 2} onClick={() => openBatchEdit(true)}>
          Edit metadata…
        </button>
        <button type="button" disabled={selected.size === 0} onClick={() => openDelete([...selected])}>
          Delete selected…
        </button>
      </div>
      <div className="file-list-header" aria-hidden="true">
        <span>Name</span>
        <span>Series</span>
        <span>#</span>
        <span>Size</span>
        <span>Modified</span>
        <span>Status</span>
      </div>
      <div ref={scrollRef} className="file-list" role="grid" aria-label="Files" aria-rowcount={total}>
        {total === 0 && <p className="empty">No files. Add a library folder to get started.</p>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const file = rowAt(item.index);
            const previous = item.index > 0 ? rowAt(item.index - 1) : undefined;
            const folderStart = query.groupByFolder && file && (!previous || previous.folder !== file.folder || previous.rootId !== file.rootId);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 1}
                aria-selected={file ? selected.has(file.id) : false}
                className={`file-row${folderStart ? ' folder-start' : ''}${file && selected.has(file.id) ? ' selected' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                tabIndex={file ? 0 : -1}
                onClick={(e) => file && select(item.index, file, e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'only')}
                onDoubleClick={() => file && openDetails(file.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && file && e.target === e.currentTarget) openDetails(file.id);
                }}
              >
                {file ? (
                  <>
                    <span role="gridcell" className="name" title={file.relPath}>
                      <input
                        type="checkbox"
                        aria-label={`Select ${file.name}`}
                        checked={selected.has(file.id)}
                        onClick={(e) => e.stopPropagation()}
                        onChange={(e) => select(item.index, file, (e.nativeEvent as MouseEvent).shiftKey ? 'range' : 'toggle')}
                      />
                      {folderStart && <span className="folder-label">{file.folder || '(library root)'} / </span>}
                      {file.name}
                    </span>
                    <span role="gridcell">{file.series ?? ''}</span>
                    <span role="gridcell">{file.number ?? ''}</span>
                    <span role="gridcell">{formatSize(file.size)}</span>
                    <span role="gridcell">{formatDate(file.mtimeMs)}</span>
                    <span role="gridcell">
                      <StatusBadge status={file.status} error={file.error} />
                    </span>
                  </>
                ) : (
                  <span role="gridcell" className="loading">
                    Loading…
                  </span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
