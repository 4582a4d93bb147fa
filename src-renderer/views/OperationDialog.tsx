import { useEffect, useState } from 'react';
import type { JobScope, PreviewItem } from '../../src-shared/contract/jobs.ts';
import { call } from '../api/client.ts';
import { useJobs } from '../state/jobs-store.ts';
import { useLibrary } from '../state/library-store.ts';

export type Operation = 'process' | 'rename' | 'normalize';

const TITLES: Record<Operation, string> = { process: 'Process', rename: 'Rename', normalize: 'Normalize' };
const PREVIEW_LIMIT = 200;

/** Scope choice, dry-run preview (old → new name, field diff, problems), then start the job. */
export function OperationDialog({ operation, onClose }: { operation: Operation; onClose(): void }) {
  const selected = useLibrary((s) => s.selected);
  const counts = useLibrary((s) => s.counts);
  const start = useJobs((s) => s.start);
  const [scopeType, setScopeType] = useState<JobScope['type']>(selected.size > 0 ? 'selected' : 'unprocessed');
  const [preview, setPreview] = useState<{ total: number; items: PreviewItem[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const scope: JobScope =
    scopeType === 'selected' ? { type: 'selected', fileIds: [...selected] } : { type: scopeType, rootId: null };

  useEffect(() => {
    let current = true;
    setPreview(null);
    setError(null);
    if (scope.type === 'selected' && scope.fileIds.length === 0) return;
    call('jobs.preview', { spec: { kind: operation, scope }, offset: 0, limit: PREVIEW_LIMIT })
      .then((result) => current && setPreview(result))
      .catch((e: Error) => current && setError(e.message));
    return () => {
      current = false;
    };
    // `scope` is derived from exactly these three.
  }, [operation, scopeType, selected]);

  const run = async () => {
    if (await start({ kind: operation, scope })) onClose();
  };

  const title = `${TITLES[operation]} files`;
  return (
    <div className="dialog-backdrop">
      <div role="dialog" aria-modal="true" aria-label={title} className="dialog">
        <h2>{title}</h2>
        <fieldset>
          <legend>Which files</legend>
          {(
            [
              ['all', `All files (${counts.all})`],
              ['unprocessed', `Unprocessed files (${counts.unprocessed})`],
              ['selected', `Selected files (${selected.size})`],
            ] as const
          ).map(([value, label]) => (
            <label key={value}>
              <input
                type="radio"
                name="scope"
                value={value}
                checked={scopeType === value}
                disabled={value === 'selected' && selected.size === 0}
                onChange={() => setScopeType(value)}
              />
              {label}
            </label>
          ))}
        </fieldset>
        <section aria-label="Preview" className="preview">
          {error && <p role="alert">{error}</p>}
          {!preview && !error && <p>Computing preview…</p>}
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
      </div>
    </div>
  );
}
