/**
 * Metron (account; HTTP basic auth). Shapes: the API documentation (metron.cloud/docs, the
 * OpenAPI schema) and the Mokkari client's schemas and tests (Metron-Project/mokkari:
 * mokkari/schemas/issue.py, tests/test_issues.py): paginated lists `{count, next, previous,
 * results}`, an issue list item `{id, series:{name, volume, year_began}, number, issue,
 * cover_date, image}`, an issue `{…, publisher:{name}, title, name[], desc, page, credits:
 * [{creator, role:[{name}]}], resource_url}`.
 */
import type { IdentifyQuery } from '../../../../src-shared/contract/identify.ts';
import type { ProviderHttp } from '../provider-http.ts';
import { dateParts, plainText, type CreditRole, type IssueDetails, type IssueHit, type Provider } from '../provider-types.ts';
import { parseCredits } from './comicvine.ts';

export const METRON_URL = 'https://metron.cloud/api';

interface MetronSeriesRef {
  name: string;
  volume: number | null;
  year_began: number | null;
}
interface MetronListIssue {
  id: number;
  series: MetronSeriesRef;
  number: string | null;
  cover_date: string | null;
  image: string | null;
}
interface MetronIssue extends MetronListIssue {
  publisher: { name: string } | null;
  title: string | null;
  name: string[] | null;
  desc: string | null;
  page: number | null;
  resource_url: string | null;
  credits: Array<{ creator: string; role: Array<{ name: string }> }>;
}

const ROLES: Record<string, CreditRole[]> = {
  writer: ['Writer'],
  script: ['Writer'],
  story: ['Writer'],
  plot: ['Writer'],
  artist: ['Penciller', 'Inker'],
  penciller: ['Penciller'],
  inker: ['Inker'],
  colorist: ['Colorist'],
  letterer: ['Letterer'],
  cover: ['CoverArtist'],
  editor: ['Editor'],
};

export class MetronProvider implements Provider {
  readonly name = 'metron' as const;
  readonly label = 'Metron';
  readonly kind = 'comics' as const;
  readonly #http: ProviderHttp;
  readonly #base: string;
  readonly #auth: string;

  constructor(http: ProviderHttp, baseUrl: string, user: string, password: string) {
    this.#http = http;
    this.#base = baseUrl.replace(/\/+$/u, '');
    this.#auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }

  async search(query: IdentifyQuery): Promise<IssueHit[]> {
    if (query.number === null) return [];
    const list = await this.#get<{ results: MetronListIssue[] }>('issue', '/issue/', { series_name: query.series, number: query.number });
    return list.results.map((issue) => this.#hit(issue, null, null));
  }

  async getIssue(issueId: string): Promise<IssueDetails> {
    const issue = await this.#get<MetronIssue>('issue', `/issue/${encodeURIComponent(issueId)}/`, {});
    const date = dateParts(issue.cover_date);
    return {
      ...this.#hit(issue, issue.publisher?.name ?? null, issue.page),
      pageUrl: issue.resource_url,
      provider: this.name,
      title: issue.title || issue.name?.[0] || null,
      month: date.month,
      day: date.day,
      summary: plainText(issue.desc),
      credits: parseCredits(
        issue.credits.map((c) => ({ name: c.creator, role: c.role.map((r) => r.name).join(',') })),
        ROLES,
      ),
    };
  }

  issueIdFromUrl(url: string): string | null {
    return /metron[^/]*\/issue\/(\d+)\/?$/u.exec(url)?.[1] ?? null;
  }

  #hit(issue: MetronListIssue, publisher: string | null, pageCount: number | null): IssueHit {
    return {
      issueId: String(issue.id),
      series: issue.series.name,
      number: issue.number,
      year: dateParts(issue.cover_date).year,
      startYear: issue.series.year_began,
      publisher,
      coverUrl: issue.image,
      pageUrl: null,
      pageCount,
    };
  }

  async #get<T>(resource: string, path: string, params: Record<string, string>): Promise<T> {
    const query = new URLSearchParams(params).toString();
    const url = `${this.#base}${path}${query ? `?${query}` : ''}`;
    return (await this.#http.json({
      provider: this.name,
      resource,
      url,
      publicUrl: url,
      init: { headers: { accept: 'application/json', authorization: this.#auth, 'user-agent': 'Longbox' } },
    })) as T;
  }
}
