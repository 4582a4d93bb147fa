import { useEffect, useState } from 'react';
import type { JobScope } from '../../src-shared/contract/jobs.ts';
import type { FolderGroup } from '../../src-shared/contract/library-view.ts';
import { rowAt, totalLabel, type LibraryState } from '../state/library-store.ts';
import { errorText } from '../state/store-deps.ts';
import { Dialog } from './Dialog.tsx';
import { PreviewTable } from './PreviewTable.tsx';
import { useJobs, useLibrary } from './stores-context.tsx';

export type Operation = 'process' | 'rename' | 'normalize';

const TITLES: Record<Operation, string> = { process: 'Process', rename: 'Rename', normalize: 'Normalize' };

type ScopeChoice = 'all' | 'unprocessed' | 'selected' | 'selected-shown' | 'filter' | 'folder';

/**
 * Scope choice, dry-run preview (old → new name, field diff, problems), then start the job.
 * Scopes that depend on what the view shows are resolved to ids here, so the job does exactly
 * the files the person saw counted (docs/ui.md "Selection").
 */
export function OperationDialog({ operation, onClose }: { operation: Operation; onClose(): void }) {
  const library = useLibrary();
  const { selected, counts, query, matchingIds } = library;
  const start = useJobs((s) => s.start);
  const [shownIds, setShownIds] = useState<number[] | null>(null);
  const filtered = query.filter !== 'all' || query.search.trim() !== '';
  const folder = folderOfSelection(library);
  const [folderIds, setFolderIds] = useState<number[] | null>(null);
  const [choice, setChoice] = useState<ScopeChoice>(selected.size > 0 ? 'selected' : filtered ? 'filter' : 'unprocessed');
  const [scopeTotal, setScopeTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void matchingIds().then(setShownIds, (e: unknown) => setError(errorText(e)));
    if (folder) void matchingIds(folder).then(setFolderIds, (e: unknown) => setError(errorText(e)));
  }, [matchingIds]);

  const shown = new Set(shownIds ?? []);
  const selectedShown = [...selected].filter((id) => shown.has(id));
  const hidden = shownIds ? selected.size - selectedShown.length : 0;
  const ids: Record<ScopeChoice, number[] | null> = {
    all: null,
    unprocessed: null,
    selected: [...selected],
    'selected-shown': selectedShown,
    filter: shownIds,
    folder: folderIds,
  };
  const scope: JobScope | null =
    choice === 'all' || choice === 'unprocessed'
      ? { type: choice, rootId: null }
      : ids[choice] && ids[choice]!.length > 0
        ? { type: 'selected', fileIds: ids[choice]! }
        : null;
  const spec = scope && { kind: operation, scope };

  const run = async () => {
    if (scope && (await start({ kind: operation, scope }))) onClose();
  };

  const options: Array<[ScopeChoice, string, boolean]> = [
    // The view's counts follow its search: the library's own are the folders' file counts.
    ['all', `All files (${library.roots.reduce((n, root) => n + root.fileCount, 0)})`, true],
    ['unprocessed', query.search.trim() ? 'Unprocessed files' : `Unprocessed files (${counts.unprocessed})`, true],
    ['filter', `Current filter and search (${shownIds?.length ?? totalLabel(library)})`, filtered],
    ['folder', `This folder: ${folder?.folder || '(library root)'} (${folderIds?.length ?? '…'})`, folder !== null],
    ['selected', `Selected files (${selected.size}${hidden > 0 ? `, ${hidden} of them hidden by the filter` : ''})`, selected.size > 0],
    ['selected-shown', `Selected and shown (${selectedShown.length})`, hidden > 0],
  ];
  const title = `${TITLES[operation]} files`;
  return (
    <Dialog label={title} onClose={onClose}>
      <h2>{title}</h2>
      <fieldset className="scopes">
        <legend>Which files</legend>
        {options
          .filter(([, , offered]) => offered)
          .map(([value, label]) => (
            <label key={value}>
              <input type="radio" name="scope" value={value} checked={choice === value} onChange={() => setChoice(value)} />
              {label}
            </label>
          ))}
      </fieldset>
      {choice === 'selected' && hidden > 0 && (
        <p className="warning" role="note">
          {hidden} selected files are not shown by the current filter or search; they are included.
        </p>
      )}
      {error && <p role="alert">{error}</p>}
      {spec ? (
        <PreviewTable spec={spec} onLoaded={setScopeTotal} />
      ) : (
        <section aria-label="Preview" className="preview">
          {!error && <p>No files in this scope.</p>}
        </section>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
        <button type="button" className="primary" disabled={!spec || !scopeTotal} onClick={() => void run()}>
          Start
        </button>
      </div>
    </Dialog>
  );
}

/** The folder of the selected files when they share one (or of the first loaded row). */
function folderOfSelection(library: LibraryState): FolderGroup | null {
  const first = [...library.selected][0];
  for (let i = 0; i < library.total; i++) {
    const file = rowAt(library, i);
    if (!file) break;
    if (first === undefined || file.id === first) return { rootId: file.rootId, folder: file.folder, count: 0 };
  }
  return null;
}
