import { useEffect, useState } from 'react';
import { totalLabel } from '../state/library-store.ts';
import { useLibrary, useUi } from './stores-context.tsx';

/**
 * Always says what is selected (docs/ui.md "Selection"): N selected, how many of them the
 * current filter or search hides, clear, and select all matching.
 */
export function SelectionBar() {
  const library = useLibrary();
  const { selected, total, generation, matchingIds, selectAllMatching, clearSelection } = library;
  const { openDetails, openBatchEdit, openDelete } = useUi();
  const hidden = useHiddenSelected(selected, matchingIds, generation);
  return (
    <div className="selection-bar" role="region" aria-label="Selection">
      <span role="status">
        {selected.size === 0 ? 'No files selected' : `${selected.size} selected`}
        {hidden > 0 && <strong className="hidden-note"> · {hidden} hidden by the filter or search</strong>}
      </span>
      {/* Selects every match through library.ids, also those past a lower-bound total. */}
      <button type="button" disabled={total === 0} onClick={() => void selectAllMatching()}>
        Select all {totalLabel(library)} matching
      </button>
      <button type="button" disabled={selected.size === 0} onClick={clearSelection}>
        Clear selection
      </button>
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
  );
}

/** How many selected files the current filter and search do not show (asked of the core). */
export function useHiddenSelected(selected: Set<number>, matchingIds: () => Promise<number[]>, generation: number): number {
  const [hidden, setHidden] = useState(0);
  useEffect(() => {
    if (selected.size === 0) {
      setHidden(0);
      return;
    }
    let current = true;
    void matchingIds()
      .then((ids) => {
        const shown = new Set(ids);
        let outside = 0;
        for (const id of selected) if (!shown.has(id)) outside++;
        if (current) setHidden(outside);
      })
      .catch(() => {});
    return () => {
      current = false;
    };
  }, [selected, matchingIds, generation]);
  return hidden;
}
