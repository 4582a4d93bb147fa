import { useCallback, useEffect, useState } from 'react';
import type { Review } from '../../../src-shared/contract/identify.ts';
import { isFinished } from '../../state/jobs-store.ts';
import { ProviderSettings } from './ProviderSettings.tsx';
import { ReviewCard } from './ReviewCard.tsx';
import { useCall, useJobs } from '../stores-context.tsx';

/** Online identification: start a run, the review queue, and the sources' credentials (docs/identify.md). */
export function IdentifyView() {
  const call = useCall();
  const start = useJobs((s) => s.start);
  // Reload the queue whenever an identify job finishes (it may have added or resolved reviews).
  const finishedIdentify = useJobs((s) =>
    Object.values(s.jobs)
      .filter((j) => j.kind === 'identify' && isFinished(j))
      .map((j) => j.id)
      .join(','),
  );
  const [reviews, setReviews] = useState<Review[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    call('identify.reviews.list', { offset: 0, limit: 200 }).then(
      (page) => setReviews(page.reviews),
      (e: Error) => setError(e.message),
    );
  }, []);
  useEffect(load, [load, finishedIdentify]);

  return (
    <div className="identify-view">
      <section aria-labelledby="identify-heading">
        <h2 id="identify-heading">Identify online</h2>
        <div className="toolbar">
          <button type="button" onClick={() => void start({ kind: 'identify', scope: { type: 'all', rootId: null } })}>
            Identify all files
          </button>
          <button type="button" onClick={() => void start({ kind: 'identify', scope: { type: 'unprocessed', rootId: null } })}>
            Identify unprocessed files
          </button>
        </div>
      </section>
      <section aria-labelledby="review-heading" className="review-queue">
        <h2 id="review-heading">Review queue{reviews ? ` (${reviews.length})` : ''}</h2>
        {error && <p role="alert">{error}</p>}
        {reviews?.length === 0 && <p className="empty">Nothing to review.</p>}
        {reviews?.map((r) => <ReviewCard key={`${r.id}-${r.createdAt}`} review={r} onChanged={load} />)}
      </section>
      <ProviderSettings />
    </div>
  );
}
