/**
 * A local stand-in for Comic Vine, Metron, AniList and their image hosts (127.0.0.1, started
 * by the tests). It answers in the APIs' documented shapes (see catalogue.ts for sources),
 * records every request with its time, and can misbehave on demand: fail with a status,
 * answer too late, or report a spent quota the way each API does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultCatalogue, type Catalogue, type FakeIssue, type FakeVolume } from './catalogue.ts';
import { coverJpeg } from './cover-images.ts';

export const FAKE_API_KEY = 'test-key-0123456789';
export const FAKE_METRON = { user: 'tester', password: 'secret-pass' };

export interface RecordedRequest {
  provider: 'comicvine' | 'metron' | 'anilist' | 'image';
  path: string;
  /** Wall-clock arrival (the budget's spacing is a lower bound, so load cannot break it). */
  at: number;
  apiKey: string | null;
}

export interface Misbehaviour {
  /** The next N API requests (not images) answer this HTTP status. */
  failNext?: { count: number; status: number };
  /** API requests wait this long before answering. */
  delayMs?: number;
  /** After this many API requests, Comic Vine answers status_code 107 (HTTP 200) and the others 429. */
  quotaAfter?: number;
}

export interface FakeProviderServer {
  origin: string;
  urls: { comicvine: string; metron: string; anilist: string };
  requests: RecordedRequest[];
  apiRequests(provider?: RecordedRequest['provider']): RecordedRequest[];
  misbehave(m: Misbehaviour): void;
  close(): Promise<void>;
}

function cvEnvelope(results: unknown, statusCode = 1, error = 'OK') {
  const count = Array.isArray(results) ? results.length : 1;
  return { error, limit: 100, offset: 0, number_of_page_results: count, number_of_total_results: count, status_code: statusCode, results, version: '1.0' };
}

export async function startFakeProviders(catalogue: Catalogue = defaultCatalogue()): Promise<FakeProviderServer> {
  const requests: RecordedRequest[] = [];
  let misbehaviour: Misbehaviour = {};
  let apiCount = 0;
  let origin = '';

  const image = (seed: number) => `${origin}/img/${seed}.jpg`;
  const volume = (id: number) => catalogue.volumes.find((v) => v.id === id)!;
  const cvIssue = (issue: FakeIssue, detail: boolean) => {
    const v = volume(issue.volumeId);
    return {
      api_detail_url: `${origin}/cv/issue/4000-${issue.id}/`,
      id: issue.id,
      name: issue.name,
      issue_number: issue.number,
      cover_date: issue.coverDate,
      image: { medium_url: image(issue.cover), super_url: image(issue.cover), original_url: image(issue.cover) },
      site_detail_url: `https://comicvine.gamespot.com/${v.name.toLowerCase()}-${issue.number}/4000-${issue.id}/`,
      volume: { api_detail_url: `${origin}/cv/volume/4050-${v.id}/`, id: v.id, name: v.name },
      ...(detail
        ? {
            description: `<p>${issue.name}: the <em>story</em> begins.</p>`,
            person_credits: issue.credits.map((c, i) => ({ id: i + 1, name: c.name, role: c.role, api_detail_url: '', site_detail_url: '' })),
          }
        : {}),
    };
  };
  const cvVolume = (v: FakeVolume) => ({
    id: v.id,
    name: v.name,
    start_year: String(v.startYear),
    publisher: { id: 1, name: v.publisher, api_detail_url: '' },
    count_of_issues: catalogue.issues.filter((i) => i.volumeId === v.id).length,
    api_detail_url: `${origin}/cv/volume/4050-${v.id}/`,
  });
  const metronIssue = (issue: FakeIssue, detail: boolean) => {
    const v = volume(issue.volumeId);
    const base = {
      id: issue.id,
      series: { name: v.name, volume: 1, year_began: v.startYear },
      number: issue.number,
      issue: `${v.name} (${v.startYear}) #${issue.number}`,
      cover_date: issue.coverDate,
      store_date: issue.coverDate,
      image: image(issue.cover),
      cover_hash: '',
      modified: '2024-01-01T00:00:00Z',
    };
    if (!detail) return base;
    return {
      ...base,
      publisher: { id: 1, name: v.publisher },
      series: { id: v.id, name: v.name, sort_name: v.name, volume: 1, year_began: v.startYear, series_type: { id: 1, name: 'Ongoing Series' }, genres: [] },
      title: '',
      name: [issue.name],
      desc: `${issue.name}.`,
      page: issue.pages ?? 24,
      resource_url: `https://metron.cloud/issue/${issue.id}/`,
      credits: issue.credits.map((c, i) => ({
        id: i + 1,
        creator: c.name,
        role: c.role.split(',').map((r, j) => ({ id: j + 1, name: r.trim().replace(/^\w/u, (ch) => ch.toUpperCase()) })),
      })),
    };
  };
  const aniMedia = (m: Catalogue['manga'][number], detail: boolean) => ({
    id: m.id,
    title: { romaji: m.romaji, english: m.english, native: null },
    startDate: { year: m.startYear, month: 1, day: 1 },
    chapters: null,
    coverImage: { extraLarge: image(m.cover), large: image(m.cover) },
    siteUrl: `https://anilist.co/manga/${m.id}`,
    ...(detail
      ? { description: `${m.romaji} description.<br>`, staff: { edges: m.staff.map((s) => ({ role: s.role, node: { name: { full: s.name } } })) } }
      : {}),
  });

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const provider: RecordedRequest['provider'] = url.pathname.startsWith('/img/')
      ? 'image'
      : url.pathname.startsWith('/cv/')
        ? 'comicvine'
        : url.pathname.startsWith('/metron/')
          ? 'metron'
          : 'anilist';
    requests.push({ provider, path: `${url.pathname}${url.search}`, at: Date.now(), apiKey: url.searchParams.get('api_key') });
    if (provider === 'image') {
      const seed = Number(/\/img\/(\d+)\.jpg$/u.exec(url.pathname)?.[1]);
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(coverJpeg(seed));
      return;
    }
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      apiCount += 1;
      const answer = () => route(provider, url, body, req.headers.authorization ?? null, res);
      if (misbehaviour.delayMs) setTimeout(answer, misbehaviour.delayMs);
      else answer();
    });
  });

  function route(provider: RecordedRequest['provider'], url: URL, body: string, auth: string | null, res: http.ServerResponse): void {
    if (misbehaviour.failNext && misbehaviour.failNext.count > 0) {
      misbehaviour.failNext.count -= 1;
      send(res, misbehaviour.failNext.status, { error: 'fake failure' });
      return;
    }
    const spent = misbehaviour.quotaAfter !== undefined && apiCount > misbehaviour.quotaAfter;
    if (provider === 'comicvine') {
      if (url.searchParams.get('api_key') !== FAKE_API_KEY) return send(res, 401, cvEnvelope([], 100, 'Invalid API Key'));
      if (spent) return send(res, 200, cvEnvelope([], 107, 'Rate limit exceeded.  Slow down cowboy.'));
      const path = url.pathname.slice('/cv'.length);
      if (path === '/search/') {
        const q = (url.searchParams.get('query') ?? '').toLowerCase();
        return send(res, 200, cvEnvelope(catalogue.volumes.filter((v) => v.name.toLowerCase().includes(q)).map(cvVolume)));
      }
      if (path === '/issues/') {
        const filter = Object.fromEntries((url.searchParams.get('filter') ?? '').split(',').map((f) => f.split(':') as [string, string]));
        const ids = (filter.volume ?? '').split('|').map(Number);
        const found = catalogue.issues.filter((i) => ids.includes(i.volumeId) && (!filter.issue_number || i.number === filter.issue_number));
        return send(res, 200, cvEnvelope(found.map((i) => cvIssue(i, false))));
      }
      const issue = /^\/issue\/4000-(\d+)\/$/u.exec(path);
      if (issue) {
        const found = catalogue.issues.find((i) => i.id === Number(issue[1]));
        return send(res, found ? 200 : 404, found ? cvEnvelope(cvIssue(found, true)) : cvEnvelope([], 101, 'Object Not Found'));
      }
      const vol = /^\/volume\/4050-(\d+)\/$/u.exec(path);
      if (vol) {
        const found = catalogue.volumes.find((v) => v.id === Number(vol[1]));
        return send(res, found ? 200 : 404, found ? cvEnvelope(cvVolume(found)) : cvEnvelope([], 101, 'Object Not Found'));
      }
      return send(res, 404, cvEnvelope([], 101, 'Object Not Found'));
    }
    if (provider === 'metron') {
      const expected = `Basic ${Buffer.from(`${FAKE_METRON.user}:${FAKE_METRON.password}`).toString('base64')}`;
      if (auth !== expected) return send(res, 401, { detail: 'Invalid username/password.' });
      if (spent) return send(res, 429, { detail: 'Request was throttled.' }, { 'retry-after': '60' });
      const path = url.pathname.slice('/metron'.length);
      if (path === '/issue/') {
        const name = (url.searchParams.get('series_name') ?? '').toLowerCase();
        const number = url.searchParams.get('number');
        const found = catalogue.issues.filter((i) => volume(i.volumeId).name.toLowerCase().includes(name) && (!number || i.number === number));
        return send(res, 200, { count: found.length, next: null, previous: null, results: found.map((i) => metronIssue(i, false)) });
      }
      const issue = /^\/issue\/(\d+)\/$/u.exec(path);
      const found = issue && catalogue.issues.find((i) => i.id === Number(issue[1]));
      return found ? send(res, 200, metronIssue(found, true)) : send(res, 404, { detail: 'Not found.' });
    }
    if (spent) return send(res, 429, { errors: [{ message: 'Too Many Requests.', status: 429 }], data: null }, { 'retry-after': '60' });
    const { query, variables } = JSON.parse(body || '{}') as { query?: string; variables?: { search?: string; id?: number } };
    if (query?.includes('Page(')) {
      const q = (variables?.search ?? '').toLowerCase();
      const media = catalogue.manga.filter((m) => m.romaji.toLowerCase().includes(q) || (m.english ?? '').toLowerCase().includes(q));
      return send(res, 200, { data: { Page: { media: media.map((m) => aniMedia(m, false)) } } });
    }
    const media = catalogue.manga.find((m) => m.id === variables?.id);
    if (!media) return send(res, 404, { errors: [{ message: 'Not Found.', status: 404 }], data: { Media: null } });
    return send(res, 200, { data: { Media: aniMedia(media, true) } });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    urls: { comicvine: `${origin}/cv`, metron: `${origin}/metron`, anilist: `${origin}/anilist` },
    requests,
    apiRequests: (p) => requests.filter((r) => r.provider !== 'image' && (!p || r.provider === p)),
    misbehave: (m) => {
      misbehaviour = m;
      apiCount = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
