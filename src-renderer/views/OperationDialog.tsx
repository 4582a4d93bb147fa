import { useEffect, useState } from 'react';
import type { JobScope, PreviewItem } from '../../src-shared/contract/jobs.ts';
import type { FolderGroup } from '../../src-shared/contract/library-view.ts';
import { rowAt, type LibraryState } from '../state/library-store.ts';
import { errorText } from '../state/store-deps.ts';
import { Dialog } from './Dialog.tsx';
import { useCall, useJobs, useLibrary } from './stores-context.tsx';

export type Operation = 'process' | 'rename' | 'normalize';

const TITLES: Record<Operation, string> = { process: 'Process', rename: 'Rename', normalize: 'Normalize' };
const PREVIEW_LIMIT = 200;

type ScopeChoice = 'all' | 'unprocessed' | 'selected' | 'selected-shown' | 'filter' | 'folder';

/**
 * Scope choice, dry-run preview (old → new name, field diff, problems), then start the job.
 * Scopes that depend on what the view shows are resolved to ids here, so the job does exactly
 * the files the person saw counted (docs/ui.md "Selection").
 */
export function OperationDialog({ operation, onClose }: { operation: Operation; onClose(): void }) {
  const library = useLibrary();
  const { selected, counts, query, total, matchingIds } = library;
  const call = useCall();
  const start = useJobs((s) => s.start);
  const [shownIds, setShownIds] = useState<number[] | null>(null);
  const filtered = query.filter !== 'all' || query.search.trim() !== '';
  const folder = folderOfSelection(library);
  const [folderIds, setFolderIds] = useState<number[] | null>(null);
  const [choice, setChoice] = useState<ScopeChoice>(selected.size > 0 ? 'selected' : filtered ? 'filter' : 'unprocessed');
  const [preview, setPreview] = useState<{ total: number; items: PreviewItem[] } | null>(null);
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
  const scopeKey = JSON.stringify(scope);

  useEffect(() => {
    let current = true;
    setPreview(null);
    setError(null);
    if (!scope) return;
    call('jobs.preview', { spec: { kind: operation, scope }, offset: 0, limit: PREVIEW_LIMIT })
      .then((result) => current && setPreview(result))
      .catch((e: unknown) => current && setError(errorText(e)));
    return () => {
      current = false;
    };
  }, [operation, scopeKey]);

  const run = async () => {
    if (scope && (await start({ kind: operation, scope }))) onClose();
  };

  const options: Array<[ScopeChoice, string, boolean]> = [
    ['all', `All files (${counts.all})`, true],
    ['unprocessed', `Unprocessed files (${counts.unprocessed})`, true],
    ['filter', `Current filter and search (${total})`, filtered],
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
      <section aria-label="Preview" className="preview" tabIndex={0}>
        {error && <p role="alert">{error}</p>}
        {!preview && !error && scope && <p>Computing preview…</p>}
        {!scope && !error && <p>No files in this scope.</p>}
        {preview && (
          <>
            <p>
              {preview.total} files
              {preview.total > preview.items.length && ` (first ${preview.items.length} shown)`}
            </p>
            <table>
              <thead>
                <tr>
                  <th>File</th>
                  <th>Result</th>
                  <th>Changes</th>
                </tr>
              </thead>
              <tbody>
                {preview.items.map((item) => (
                  <tr key={item.relPath} className={`preview-${item.state}`}>
                    <td>
                      {item.relPath}
                      {item.newRelPath && item.newRelPath !== item.relPath && <div className="rename">→ {item.newRelPath}</div>}
                    </td>
                    <td>{item.state === 'failed' || item.code ? `${item.code ?? ''} ${item.message ?? ''}` : item.actions.join(', ') || 'no change'}</td>
                    <td>
                      {item.diff.map((d) => (
                        <div key={d.field}>
                          {d.field}: <del>{d.before ?? '—'}</del> → <ins>{d.after ?? '—'}</ins>
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
        <button type="button" className="primary" disabled={!preview || preview.total === 0} onClick={() => void run()}>
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
