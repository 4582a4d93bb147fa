/**
 * Scores a provider's hits against a file (docs/identify.md, "Scoring"): a weighted mean of
 * the signals both sides have — series name similarity, number, year, page count, cover
 * similarity — so a missing signal neither helps nor hurts. A hit more than a year off the
 * file's year is rejected outright (a reprint or a relaunch is another issue). The best hit is
 * applied when it reaches the threshold *and* no other hit comes close; else review.
 */
import type { Candidate, ScoreSignals } from '../../../src-shared/contract/identify.ts';
import { canonicalNumber } from '../naming/number.ts';
import { nameSimilarity } from './name-similarity.ts';
import { hashSimilarity } from './hash-similarity.ts';
import type { FileFacts } from './file-facts.ts';
import type { IssueHit, Provider } from './provider-types.ts';

export const WEIGHTS: Record<keyof ScoreSignals, number> = { name: 0.35, number: 0.25, year: 0.15, pages: 0.05, cover: 0.2 };
/** The best candidate must lead the next by this much to be applied without review. */
export const MIN_LEAD = 0.05;

export function scoreHit(facts: FileFacts, hit: IssueHit, coverHash: string | null): { signals: ScoreSignals; score: number } | null {
  const fileYear = facts.year;
  let year: number | null = null;
  if (fileYear !== null && hit.year !== null) {
    const off = Math.abs(fileYear - hit.year);
    if (off > 1) return null;
    year = off === 0 ? 1 : 0.5;
  } else if (fileYear !== null && hit.startYear !== null && fileYear < hit.startYear - 1) {
    // The file is older than the series it would belong to.
    return null;
  }
  const signals: ScoreSignals = {
    name: nameSimilarity(facts.series ?? '', hit.series),
    number: facts.number !== null && hit.number !== null ? (sameNumber(facts.number, hit.number) ? 1 : 0) : null,
    year,
    pages: facts.pageCount > 0 && hit.pageCount ? 1 - Math.min(1, Math.abs(facts.pageCount - hit.pageCount) / Math.max(facts.pageCount, hit.pageCount)) : null,
    cover: facts.coverHash && coverHash ? hashSimilarity(facts.coverHash, coverHash) : null,
  };
  let sum = 0;
  let weight = 0;
  for (const [key, value] of Object.entries(signals) as Array<[keyof ScoreSignals, number | null]>) {
    if (value === null) continue;
    sum += WEIGHTS[key] * value;
    weight += WEIGHTS[key];
  }
  return { signals, score: weight ? round(sum / weight) : 0 };
}

function sameNumber(a: string, b: string): boolean {
  return (canonicalNumber(a) ?? a.trim().toLowerCase()) === (canonicalNumber(b) ?? b.trim().toLowerCase());
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export function toCandidate(provider: Provider, hit: IssueHit, scored: { signals: ScoreSignals; score: number }): Candidate {
  return {
    provider: provider.name,
    issueId: hit.issueId,
    series: hit.series,
    number: hit.number,
    year: hit.year ?? hit.startYear,
    startYear: hit.startYear,
    publisher: hit.publisher,
    coverUrl: hit.coverUrl,
    pageUrl: hit.pageUrl,
    score: scored.score,
    signals: scored.signals,
  };
}

/** Best first; the winner, when one is clear enough to apply. */
export function decide(candidates: Candidate[], threshold: number): { ranked: Candidate[]; winner: Candidate | null } {
  const ranked = [...candidates].sort((a, b) => b.score - a.score);
  const [best, next] = ranked;
  const clear = best !== undefined && best.score >= threshold && (next === undefined || best.score - next.score >= MIN_LEAD);
  return { ranked, winner: clear ? best : null };
}
