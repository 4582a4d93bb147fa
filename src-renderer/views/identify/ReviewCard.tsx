import { useState, type FormEvent } from 'react';
import type { Candidate, Review } from '../../../src-shared/contract/identify.ts';
import { CoverImage } from '../CoverImage.tsx';
import { CandidateCover } from './CandidateCover.tsx';
import { useCall, useJobs } from '../stores-context.tsx';

const PROVIDER: Record<Candidate['provider'], string> = { comicvine: 'Comic Vine', metron: 'Metron', anilist: 'AniList' };

function candidateName(c: Candidate): string {
  return `${c.series}${c.number ? ` #${c.number}` : ''}${c.year ? ` (${c.year})` : ''}`;
}

/** One file waiting for a choice: its cover beside each candidate's, scores, and the three ways out. */
export function ReviewCard({ review, onChanged }: { review: Review; onChanged: () => void }) {
  const call = useCall();
  const start = useJobs((s) => s.start);
  const [query, setQuery] = useState({ series: review.query.series, number: review.query.number ?? '', year: review.query.year?.toString() ?? '' });
  const [candidates, setCandidates] = useState(review.candidates);
  const [error, setError] = useState<string | null>(null);
  const fileName = review.relPath.split('/').at(-1) ?? review.relPath;

  const choose = async (c: Candidate) => {
    if (review.fileId === null) return;
    const job = await start({
      kind: 'identify',
      scope: { type: 'selected', fileIds: [review.fileId] },
      choices: [{ fileId: review.fileId, provider: c.provider, issueId: c.issueId, number: c.provider === 'anilist' ? c.number : null, reviewId: review.id }],
    });
    if (job) onChanged();
  };

  const search = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const year = query.year.trim() ? Number(query.year) : null;
    if (year !== null && !Number.isInteger(year)) return setError('Year must be a number.');
    try {
      const updated = await call('identify.reviews.search', {
        reviewId: review.id,
        query: { series: query.series, number: query.number.trim() || null, year, publisher: null },
      });
      setCandidates(updated.candidates);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const skip = async () => {
    await call('identify.reviews.skip', { reviewId: review.id });
    onChanged();
  };

  return (
    <article className="review" aria-label={`Review ${review.relPath}`}>
      <header>
        <h3>{review.relPath}</h3>
        <button type="button" onClick={() => void skip()}>
          Skip
        </button>
      </header>
      <div className="review-covers">
        <figure className="review-file">
          {review.fileId !== null && <CoverImage fileId={review.fileId} name={fileName} />}
          <figcaption>This file</figcaption>
        </figure>
        <ul className="candidates" aria-label="Candidates">
          {candidates.length === 0 && <li className="empty">No candidates: search again below.</li>}
          {candidates.map((c) => (
            <li key={`${c.provider}-${c.issueId}`} className="candidate" aria-label={`${candidateName(c)} from ${PROVIDER[c.provider]}`}>
              <CandidateCover url={c.coverUrl} name={candidateName(c)} />
              <div className="candidate-info">
                <strong>{candidateName(c)}</strong>
                <span>
                  {PROVIDER[c.provider]}
                  {c.publisher && ` · ${c.publisher}`}
                </span>
                <span>Score {Math.round(c.score * 100)}%</span>
                <button type="button" onClick={() => void choose(c)}>
                  Choose
                </button>
              </div>
            </li>
          ))}
        </ul>
      </div>
      <form className="review-search" onSubmit={(e) => void search(e)} aria-label={`Search again for ${fileName}`}>
        <label>
          Series
          <input value={query.series} onChange={(e) => setQuery({ ...query, series: e.target.value })} required />
        </label>
        <label>
          Number
          <input value={query.number} onChange={(e) => setQuery({ ...query, number: e.target.value })} />
        </label>
        <label>
          Year
          <input value={query.year} inputMode="numeric" onChange={(e) => setQuery({ ...query, year: e.target.value })} />
        </label>
        <button type="submit">Search again</button>
        {error && <span className="field-error">{error}</span>}
      </form>
    </article>
  );
}
