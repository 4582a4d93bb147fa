import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { JobItem } from '../../src-shared/contract/jobs.ts';
import { ITEMS_PAGE, useHistory } from '../state/history-store.ts';
import { isFinished, isUndoable, useJobs } from '../state/jobs-store.ts';
import { JobStatus } from './JobStatus.tsx';
import { ItemDiff } from './ItemDiff.tsx';

const ITEM_STATE_LABEL: Record<JobItem['state'], string> = {
  pending: 'Pending',
  running: 'Running',
  done: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
};

/** One job of the history: its items (paged and virtualized), their diffs, Undo and Retry. */
export function JobDetail() {
  const { jobs, openJobId, itemPages, itemsTotal, ensureItemsPage, open, applyJob } = useHistory();
  const control = useJobs((s) => s.control);
  const job = jobs.find((j) => j.id === openJobId);
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
    const next = await control(action, job.id);
    if (!next) return;
    // Show the new job at once; its job.updated events may come before or after this answer.
    applyJob(next);
    open(next.id);
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
      <div ref={scrollRef} className="job-items" role="list" aria-label="Items">
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
                        {item.error.code}: {item.error.message}
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
