/**
 * Comic Vine (API key). Request and response shapes: the API documentation
 * (comicvine.gamespot.com/api/documentation) and the recorded responses in ComicTagger's test
 * suite (comictagger/comictagger, testing/comicvine.py): `{error, status_code, results}`,
 * status 1 = OK, 100 = bad key, 101 = not found, 107 = rate limit exceeded. Ids in URLs carry
 * the resource prefix: 4000- issue, 4050- volume.
 */
import { LongboxError } from '../../../../src-shared/contract/errors.ts';
import type { IdentifyQuery } from '../../../../src-shared/contract/identify.ts';
import { nameSimilarity } from '../name-similarity.ts';
import type { ApiRequest, ProviderHttp } from '../provider-http.ts';
import { dateParts, plainText, type CreditRole, type IssueDetails, type IssueHit, type Provider } from '../provider-types.ts';

export const COMICVINE_URL = 'https://comicvine.gamespot.com/api';
/** Volumes whose issues are looked up per search (one `issues` request covers them all). */
const MAX_VOLUMES = 10;
const MIN_VOLUME_NAME_SIMILARITY = 0.5;

interface CvEnvelope<T> {
  status_code: number;
  error: string;
  results: T;
}
interface CvImage {
  super_url?: string | null;
  original_url?: string | null;
  medium_url?: string | null;
}
interface CvVolume {
  id: number;
  name: string;
  start_year: string | null;
  publisher: { name: string } | null;
}
interface CvIssue {
  id: number;
  name: string | null;
  issue_number: string | null;
  cover_date: string | null;
  image: CvImage | null;
  site_detail_url: string | null;
  volume: { id: number; name: string };
  description?: string | null;
  person_credits?: Array<{ name: string; role: string }>;
}

/** Comic Vine's roles (comma-separated per person) → ComicInfo credit fields. */
const ROLES: Record<string, CreditRole[]> = {
  writer: ['Writer'],
  plotter: ['Writer'],
  scripter: ['Writer'],
  penciler: ['Penciller'],
  penciller: ['Penciller'],
  artist: ['Penciller', 'Inker'],
  inker: ['Inker'],
  colorist: ['Colorist'],
  letterer: ['Letterer'],
  cover: ['CoverArtist'],
  editor: ['Editor'],
};

export function parseCredits(people: Array<{ name: string; role: string }>, roles: Record<string, CreditRole[]>): IssueDetails['credits'] {
  const credits: IssueDetails['credits'] = {};
  for (const person of people) {
    for (const role of person.role.split(',').map((r) => r.trim().toLowerCase())) {
      for (const field of roles[role] ?? []) {
        const list = (credits[field] ??= []);
        if (!list.includes(person.name)) list.push(person.name);
      }
    }
  }
  return credits;
}

export class ComicVineProvider implements Provider {
  readonly name = 'comicvine' as const;
  readonly label = 'Comic Vine';
  readonly kind = 'comics' as const;
  readonly #http: ProviderHttp;
  readonly #base: string;
  readonly #apiKey: string;

  constructor(http: ProviderHttp, baseUrl: string, apiKey: string) {
    this.#http = http;
    this.#base = baseUrl.replace(/\/+$/u, '');
    this.#apiKey = apiKey;
  }

  async search(query: IdentifyQuery): Promise<IssueHit[]> {
    if (query.number === null) return [];
    const volumes = (await this.#get<CvVolume[]>('search', '/search/', {
      resources: 'volume',
      query: query.series,
      field_list: 'id,name,start_year,publisher',
      limit: '50',
    }))
      .filter((v) => nameSimilarity(v.name, query.series) >= MIN_VOLUME_NAME_SIMILARITY)
      .sort((a, b) => nameSimilarity(b.name, query.series) - nameSimilarity(a.name, query.series))
      .slice(0, MAX_VOLUMES);
    if (!volumes.length) return [];
    const byId = new Map(volumes.map((v) => [v.id, v]));
    const issues = await this.#get<CvIssue[]>('issues', '/issues/', {
      filter: `volume:${volumes.map((v) => v.id).join('|')},issue_number:${query.number}`,
      field_list: 'id,name,issue_number,cover_date,image,site_detail_url,volume',
    });
    return issues.map((issue) => this.#hit(issue, byId.get(issue.volume.id)));
  }

  async getIssue(issueId: string): Promise<IssueDetails> {
    const issue = await this.#get<CvIssue>('issue', `/issue/4000-${issueId}/`, {
      field_list: 'id,name,issue_number,cover_date,image,site_detail_url,volume,description,person_credits',
    });
    const volume = await this.#get<CvVolume>('volume', `/volume/4050-${issue.volume.id}/`, { field_list: 'id,name,start_year,publisher' });
    const date = dateParts(issue.cover_date);
    return {
      ...this.#hit(issue, volume),
      provider: this.name,
      title: issue.name || null,
      month: date.month,
      day: date.day,
      summary: plainText(issue.description),
      credits: parseCredits(issue.person_credits ?? [], ROLES),
    };
  }

  issueIdFromUrl(url: string): string | null {
    return /\/4000-(\d+)\/?$/u.exec(url)?.[1] ?? null;
  }

  #hit(issue: CvIssue, volume: CvVolume | undefined): IssueHit {
    const startYear = Number(volume?.start_year) || null;
    return {
      issueId: String(issue.id),
      series: issue.volume.name,
      number: issue.issue_number,
      year: dateParts(issue.cover_date).year,
      startYear,
      publisher: volume?.publisher?.name ?? null,
      coverUrl: issue.image?.super_url ?? issue.image?.original_url ?? issue.image?.medium_url ?? null,
      pageUrl: issue.site_detail_url,
      pageCount: null,
    };
  }

  async #get<T>(resource: string, path: string, params: Record<string, string>): Promise<T> {
    const search = new URLSearchParams({ format: 'json', ...params });
    const publicUrl = `${this.#base}${path}?${search}`;
    const request: ApiRequest = {
      provider: this.name,
      resource,
      publicUrl,
      url: `${this.#base}${path}?${new URLSearchParams({ api_key: this.#apiKey, ...Object.fromEntries(search) })}`,
      init: { headers: { accept: 'application/json', 'user-agent': 'Longbox' } },
      quotaSpent: (body) => (body as CvEnvelope<unknown>)?.status_code === 107,
    };
    const body = (await this.#http.json(request)) as CvEnvelope<T>;
    if (body?.status_code === 100) throw new LongboxError('PROVIDER_AUTH_FAILED', 'Comic Vine refused the API key.');
    if (body?.status_code !== 1) {
      throw new LongboxError('PROVIDER_BAD_RESPONSE', `Comic Vine: ${body?.error ?? 'no status'} (${publicUrl})`);
    }
    return body.results;
  }
}
