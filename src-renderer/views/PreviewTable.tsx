import { useEffect, useState } from 'react';
import {
  PREVIEW_OUTCOMES,
  type JobSpecInput,
  type PreviewItem,
  type PreviewOutcome,
  type PreviewTotals,
} from '../../src-shared/contract/jobs.ts';
import { errorText } from '../state/store-deps.ts';
import { useCall } from './stores-context.tsx';

const PAGE = 100;

const OUTCOME_LABELS: Record<PreviewOutcome, string> = {
  write: 'would write',
  rename: 'would rename',
  skip: 'would skip',
  fail: 'would fail',
  collide: 'would collide',
};

interface Page {
  total: number;
  scopeTotal: number;
  offset: number;
  totals: PreviewTotals;
  items: PreviewItem[];
}

function resultText(item: PreviewItem): string {
  if (item.collidesWith) return `Same new name as ${item.collidesWith} (in this batch)`;
  if (item.state === 'failed' || item.code) return `${item.code ?? ''} ${item.message ?? ''}`.trim();
  return item.actions.join(', ') || 'no change';
}

/**
 * The dry run of a job, trustworthy: totals per outcome over the whole scope, every row reachable
 * page by page, a problems-only filter, and collisions within the batch flagged before the job
 * starts. `onLoaded` hears the scope's size (0 = nothing to start).
 */
export function PreviewTable({
  spec,
  onLoaded,
  withTotals = true,
}: {
  spec: JobSpecInput | null;
  onLoaded(scopeTotal: number | null): void;
  /** Off where the five outcomes do not apply (delete). */
  withTotals?: boolean;
}) {
  const [filter, setFilter] = useState<'all' | 'problems'>('all');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const call = useCall();
  const key = JSON.stringify(spec);

  useEffect(() => setOffset(0), [key, filter]);
  useEffect(() => {
    let current = true;
    setError(null);
    onLoaded(null);
    if (!spec) {
      setPage(null);
      return;
    }
    call('jobs.preview', { spec, filter, offset, limit: PAGE })
      .then((result) => {
        if (!current) return;
        setPage(result);
        onLoaded(result.scopeTotal);
      })
      .catch((e: unknown) => current && setError(errorText(e)));
    return () => {
      current = false;
    };
    // `spec` is compared by value (`key`): a new object with the same content is the same preview.
  }, [key, filter, offset]);

  return (
    <section aria-label="Preview" className="preview" tabIndex={0}>
      {error && <p role="alert">{error}</p>}
      {!page && !error && <p>Computing preview…</p>}
      {page && (
        <>
          <p className="preview-totals" aria-label="Preview totals">
            {page.scopeTotal} files
            {withTotals &&
              PREVIEW_OUTCOMES.map((o) => (
                <span key={o} className={`total total-${o}`}>
                  {page.totals[o]} {OUTCOME_LABELS[o]}
                </span>
              ))}
          </p>
          {page.totals.collide > 0 && (
            <p role="alert" className="preview-warning">
              {page.totals.collide} files would collide with another file’s name: they would be kept as duplicates, not renamed.
            </p>
          )}
          <div className="preview-controls">
            <label>
              <input type="checkbox" checked={filter === 'problems'} onChange={(e) => setFilter(e.target.checked ? 'problems' : 'all')} />
              Problems only
            </label>
            <span className="muted">
              {page.total === 0 ? 'No rows' : `Rows ${page.offset + 1}–${page.offset + page.items.length} of ${page.total}`}
            </span>
            <button type="button" disabled={page.offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Previous page
            </button>
            <button type="button" disabled={page.offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
              Next page
            </button>
          </div>
          <table>
            <thead>
              <tr>
                <th>File</th>
                <th>Result</th>
                <th>Changes</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((item) => (
                <tr key={item.relPath} className={`preview-${item.state}${item.outcomes.includes('collide') ? ' preview-collide' : ''}`}>
                  <td>
                    {item.relPath}
                    {item.newRelPath && item.newRelPath !== item.relPath && <div className="rename">→ {item.newRelPath}</div>}
                  </td>
                  <td>{resultText(item)}</td>
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
  );
}
