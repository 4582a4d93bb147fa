import type { IdentifyQuery, ProviderName } from '../../../src-shared/contract/identify.ts';

/**
 * What every metadata provider offers (docs/identify.md): a search that turns series + number +
 * year into candidate issues, the full record of one issue, and how its own ids appear in a
 * stored `<Web>` URL. Requests go through a `ProviderHttp`, which owns the budget and the cache,
 * so a provider only knows its API's shapes.
 */
export interface Provider {
  readonly name: ProviderName;
  /** Shown in `<Notes>` ("using info from Comic Vine"). */
  readonly label: string;
  /** Comics or manga: AniList is tried first for manga, the others for comics. */
  readonly kind: 'comics' | 'manga';
  search(query: IdentifyQuery): Promise<IssueHit[]>;
  /** `number`: the chapter to record when the provider has no issue records (AniList). */
  getIssue(issueId: string, number: string | null): Promise<IssueDetails>;
  /** The issue id in a `<Web>` URL this provider wrote, else null. */
  issueIdFromUrl(url: string): string | null;
}

/** A search result: enough to score it. */
export interface IssueHit {
  issueId: string;
  series: string;
  number: string | null;
  /** Cover year of the issue, when the provider has issue dates. */
  year: number | null;
  /** The series' start year (ComicTagger writes it as `<Volume>`). */
  startYear: number | null;
  publisher: string | null;
  coverUrl: string | null;
  pageUrl: string | null;
  pageCount: number | null;
}

export type CreditRole = 'Writer' | 'Penciller' | 'Inker' | 'Colorist' | 'Letterer' | 'CoverArtist' | 'Editor';

/** Everything written to ComicInfo.xml when the issue is applied. */
export interface IssueDetails extends IssueHit {
  provider: ProviderName;
  title: string | null;
  month: number | null;
  day: number | null;
  summary: string | null;
  credits: Partial<Record<CreditRole, string[]>>;
}

/** The date parts of `YYYY-MM-DD` (or a prefix of it). */
export function dateParts(date: string | null | undefined): { year: number | null; month: number | null; day: number | null } {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/u.exec(date ?? '');
  const n = (s: string | undefined) => (s && Number(s) > 0 ? Number(s) : null);
  return { year: n(m?.[1]), month: n(m?.[2]), day: n(m?.[3]) };
}

/** Provider descriptions are HTML; ComicInfo `<Summary>` is plain text. */
export function plainText(html: string | null | undefined): string | null {
  if (!html) return null;
  const text = html
    .replace(/<br\s*\/?>|<\/p>/giu, '\n')
    .replace(/<[^>]*>/gu, '')
    .replace(/&nbsp;/gu, ' ')
    .replace(/&amp;/gu, '&')
    .replace(/&lt;/gu, '<')
    .replace(/&gt;/gu, '>')
    .replace(/&quot;/gu, '"')
    .replace(/&#39;/gu, "'")
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
  return text || null;
}
