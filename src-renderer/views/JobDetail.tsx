import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { JobItem } from '../../src-shared/contract/jobs.ts';
import { ITEM_FILTERS, ITEMS_PAGE, type ItemFilter } from '../state/history-store.ts';
import { isFinished, isUndoable } from '../state/jobs-store.ts';
import { describeError } from '../state/error-messages.ts';
import { useJobControl } from './JobsPanel.tsx';
import { useHistory, useJobs } from './stores-context.tsx';
import { JobStatus } from './JobStatus.tsx';
import { ItemDiff } from './ItemDiff.tsx';

const ITEM_STATE_LABEL: Record<JobItem['state'], string> = {
  pending: 'Pending',
  running: 'Running',
  done: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
};

const ITEM_FILTER_LABEL: Record<ItemFilter, string> = { all: 'All', failed: 'Failed', skipped: 'Skipped', done: 'Changed', duplicate: 'Duplicates' };

/** One job of the history: its items (paged and virtualized), their diffs, Undo and Retry. */
export function JobDetail() {
  const { openJobId, itemPages, itemsTotal, ensureItemsPage, open, itemFilter, setItemFilter } = useHistory();
  const control = useJobControl();
  const job = useJobs((s) => (openJobId ? s.jobs[openJobId] : undefined));
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: itemsTotal,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 56,
    overscan: 10,
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;
  useEffect(() => {
    for (let page = Math.floor(first / ITEMS_PAGE); page <= Math.floor(last / ITEMS_PAGE); page++) void ensureItemsPage(page);
  }, [first, last, ensureItemsPage, itemPages, openJobId]);

  if (!job) return <p className="empty">Choose a job to see its files.</p>;

  const followUp = async (action: 'undo' | 'retry') => {
    const next = await control(action, job);
    if (next) open(next.id);
  };

  return (
    <section className="job-detail" aria-label={`Job ${job.title}`}>
      <header>
        <h2>{job.title}</h2>
        <JobStatus job={job} />
        <span className="muted">
          {job.done} / {job.total} · {job.succeeded} done · {job.skipped} skipped · {job.failed} failed
        </span>
        {job.lastError && <span className="job-error">{job.lastError.message}</span>}
        <span className="job-actions">
          {isUndoable(job) && (
            <button type="button" onClick={() => void followUp('undo')}>
              Undo
            </button>
          )}
          {isFinished(job) && job.failed > 0 && (
            <button type="button" onClick={() => void followUp('retry')}>
              Retry failed
            </button>
          )}
        </span>
      </header>
      <div role="group" aria-label="Show items" className="item-filters">
        {ITEM_FILTERS.map((f) => (
          <button key={f} type="button" aria-pressed={itemFilter === f} onClick={() => setItemFilter(f)}>
            {ITEM_FILTER_LABEL[f]}
          </button>
        ))}
        <span className="muted">{itemsTotal} shown</span>
      </div>
      <div ref={scrollRef} className="job-items" role="list" aria-label="Items" tabIndex={0}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {rows.map((row) => {
            const item = itemPages[Math.floor(row.index / ITEMS_PAGE)]?.[row.index % ITEMS_PAGE];
            return (
              <div
                key={row.key}
                ref={virtualizer.measureElement}
                data-index={row.index}
                role="listitem"
                className={`job-item item-${item?.state ?? 'loading'}`}
                style={{ transform: `translateY(${row.start}px)` }}
              >
                {item ? (
                  <>
                    <div className="job-item-head">
                      <span className="job-item-path">{item.relPath}</span>
                      <span className="job-item-state">{ITEM_STATE_LABEL[item.state]}</span>
                    </div>
                    {item.error && (
                      <div className="job-error">
                        {describeError(item.error)}
                      </div>
                    )}
                    {item.actions.length > 0 && <div className="muted">{item.actions.join(', ')}</div>}
                    <ItemDiff item={item} />
                  </>
                ) : (
                  <span className="loading">Loading…</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
