/**
 * AniList (GraphQL, no key) for manga. Shapes: the AniList API v2 documentation
 * (docs.anilist.co: the `Page.media` and `Media` queries, the `Media` object's fields):
 * `{data:{Page:{media:[{id, title{romaji english native}, startDate{year month day}, chapters,
 * coverImage{extraLarge large}, siteUrl}]}}}`; errors as `{errors:[{message}], data:null}`.
 * AniList has series (media), not chapter records: a candidate is the series, and the file's
 * own chapter number is kept.
 */
import { LongboxError } from '../../../../src-shared/contract/errors.ts';
import type { IdentifyQuery } from '../../../../src-shared/contract/identify.ts';
import type { ProviderHttp } from '../provider-http.ts';
import { plainText, type CreditRole, type IssueDetails, type IssueHit, type Provider } from '../provider-types.ts';
import { parseCredits } from './comicvine.ts';

export const ANILIST_URL = 'https://graphql.anilist.co';

const MEDIA_FIELDS = 'id title { romaji english native } startDate { year month day } chapters coverImage { extraLarge large } siteUrl';
const SEARCH = `query ($search: String) { Page(perPage: 10) { media(search: $search, type: MANGA) { ${MEDIA_FIELDS} } } }`;
const MEDIA = `query ($id: Int) { Media(id: $id, type: MANGA) { ${MEDIA_FIELDS} description(asHtml: false) staff { edges { role node { name { full } } } } } }`;

interface AniMedia {
  id: number;
  title: { romaji: string | null; english: string | null; native: string | null };
  startDate: { year: number | null } | null;
  chapters: number | null;
  coverImage: { extraLarge: string | null; large: string | null } | null;
  siteUrl: string | null;
  description?: string | null;
  staff?: { edges: Array<{ role: string; node: { name: { full: string } } }> };
}

const ROLES: Record<string, CreditRole[]> = {
  'story & art': ['Writer', 'Penciller'],
  story: ['Writer'],
  art: ['Penciller'],
};

export class AniListProvider implements Provider {
  readonly name = 'anilist' as const;
  readonly label = 'AniList';
  readonly kind = 'manga' as const;
  readonly #http: ProviderHttp;
  readonly #base: string;

  constructor(http: ProviderHttp, baseUrl: string) {
    this.#http = http;
    this.#base = baseUrl.replace(/\/+$/u, '');
  }

  async search(query: IdentifyQuery): Promise<IssueHit[]> {
    const data = await this.#post<{ Page: { media: AniMedia[] } }>('search', SEARCH, { search: query.series });
    return data.Page.media.map((media) => this.#hit(media, query.number));
  }

  async getIssue(issueId: string, number: string | null): Promise<IssueDetails> {
    const data = await this.#post<{ Media: AniMedia }>('media', MEDIA, { id: Number(issueId) });
    const media = data.Media;
    return {
      ...this.#hit(media, number),
      provider: this.name,
      title: null,
      month: null,
      day: null,
      summary: plainText(media.description),
      // AniList roles read "Story & Art", "Story (Original Story)": the part before any bracket.
      credits: parseCredits(
        (media.staff?.edges ?? []).map((e) => ({ name: e.node.name.full, role: e.role.replace(/\s*\(.*$/u, '') })),
        ROLES,
      ),
    };
  }

  issueIdFromUrl(url: string): string | null {
    return /anilist[^/]*\/manga\/(\d+)/u.exec(url)?.[1] ?? null;
  }

  #hit(media: AniMedia, number: string | null): IssueHit {
    return {
      issueId: String(media.id),
      series: media.title.english ?? media.title.romaji ?? media.title.native ?? '',
      number,
      year: null,
      startYear: media.startDate?.year ?? null,
      publisher: null,
      coverUrl: media.coverImage?.extraLarge ?? media.coverImage?.large ?? null,
      pageUrl: media.siteUrl,
      pageCount: null,
    };
  }

  async #post<T>(resource: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const body = (await this.#http.json({
      provider: this.name,
      resource,
      url: this.#base,
      publicUrl: this.#base,
      init: { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query, variables }) },
    })) as { data?: T | null; errors?: Array<{ message: string }> };
    if (!body?.data) throw new LongboxError('PROVIDER_BAD_RESPONSE', `AniList: ${body?.errors?.[0]?.message ?? 'no data'}`);
    return body.data;
  }
}
