/**
 * Identification of one file (docs/identify.md): a stored source ID is looked up directly;
 * otherwise each provider in turn is searched with series + number + year (+ publisher), its
 * hits scored, and the first provider with a clear winner stops the search. Without a winner
 * the file goes to review with every provider's candidates, best first.
 */
import type { Candidate, IdentifyQuery, ProviderName } from '../../../src-shared/contract/identify.ts';
import type { FileFacts } from './file-facts.ts';
import type { ProviderHttp } from './provider-http.ts';
import type { IssueDetails, Provider } from './provider-types.ts';
import { decide, scoreHit, toCandidate } from './score-candidates.ts';
import { findSourceId } from './source-id.ts';

/** Hits whose covers are fetched and hashed (best by the other signals first). */
const MAX_COVERS = 6;
/** Candidates kept for the review queue. */
const MAX_CANDIDATES = 12;

export interface IdentifyServices {
  http: ProviderHttp;
  /** Perceptual hash of an image, computed on the worker pool. */
  hashImage: (bytes: Uint8Array) => Promise<string | null>;
}

export type Identification =
  | { state: 'match'; provider: Provider; issue: IssueDetails; score: number; direct: boolean }
  | { state: 'review'; query: IdentifyQuery; candidates: Candidate[] }
  | { state: 'skipped'; reason: string };

/** The providers to ask for this file, in order (docs/identify.md: comics → comic providers, manga → AniList first). */
export function providersFor(facts: Pick<FileFacts, 'manga'>, providers: readonly Provider[], requested: ProviderName | null): Provider[] {
  if (requested) return providers.filter((p) => p.name === requested);
  const comics = providers.filter((p) => p.kind === 'comics');
  return facts.manga ? [...providers.filter((p) => p.kind === 'manga'), ...comics] : comics;
}

export function queryOf(facts: FileFacts): IdentifyQuery | null {
  if (!facts.series) return null;
  return { series: facts.series, number: facts.number, year: facts.year, publisher: facts.publisher };
}

export async function identifyFile(
  facts: FileFacts,
  providers: readonly Provider[],
  services: IdentifyServices,
  threshold: number,
): Promise<Identification> {
  const source = findSourceId(facts.values, providers);
  const direct = source && providers.find((p) => p.name === source.provider);
  if (source && direct) {
    return { state: 'match', provider: direct, issue: await direct.getIssue(source.issueId, facts.number), score: 1, direct: true };
  }
  const query = queryOf(facts);
  if (!query) return { state: 'skipped', reason: 'no series to search for (no <Series> and none in the file name)' };
  if (!providers.length) return { state: 'skipped', reason: 'no provider is configured' };
  const all: Candidate[] = [];
  for (const provider of providers) {
    const candidates = await searchCandidates(facts, query, provider, services);
    const { winner } = decide(candidates, threshold);
    if (winner) {
      return { state: 'match', provider, issue: await provider.getIssue(winner.issueId, facts.number), score: winner.score, direct: false };
    }
    all.push(...candidates);
  }
  return { state: 'review', query, candidates: decide(all, threshold).ranked.slice(0, MAX_CANDIDATES) };
}

/** One provider's hits for the query, scored against the file (wrong-year hits dropped). */
export async function searchCandidates(facts: FileFacts, query: IdentifyQuery, provider: Provider, services: IdentifyServices): Promise<Candidate[]> {
  const target: FileFacts = { ...facts, series: query.series, number: query.number, year: query.year };
  const hits = await provider.search(query);
  const firstPass = hits
    .map((hit) => ({ hit, scored: scoreHit(target, hit, null) }))
    .filter((x): x is { hit: (typeof hits)[number]; scored: NonNullable<typeof x.scored> } => x.scored !== null)
    .sort((a, b) => b.scored.score - a.scored.score);
  const candidates: Candidate[] = [];
  for (const [index, { hit, scored }] of firstPass.entries()) {
    let final = scored;
    if (facts.coverHash && hit.coverUrl && index < MAX_COVERS) {
      const image = await services.http.image(hit.coverUrl);
      const hash = image ? await services.hashImage(image.bytes) : null;
      final = scoreHit(target, hit, hash) ?? scored;
    }
    candidates.push(toCandidate(provider, hit, final));
  }
  return candidates;
}
