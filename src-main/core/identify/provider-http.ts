/**
 * The one way identification talks to the network. Every API request takes a slot of the
 * provider's persisted budget first (waiting out the spacing, or raising QuotaSpentError when
 * the window is used up), is answered from the SQLite cache when it can be, times out, and is
 * retried with backoff on network errors and 5xx answers before the item fails
 * (docs/identify.md). Cover images come from the image host: cached, never budgeted.
 * Credentials travel only in the request; messages and cache keys never contain them.
 */
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import type { ProviderName } from '../../../src-shared/contract/identify.ts';
import type { Logger } from '../ports.ts';
import type { RequestBudget } from './request-budget.ts';
import { API_TTL_MS, IMAGE_TTL_MS, type ResponseCache } from './response-cache.ts';

/** Largest cover image fetched. */
const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
/** Attempts of one request before its item fails (network errors, timeouts, 5xx). */
export const MAX_ATTEMPTS = 3;
const BACKOFF_MS = 1000;

export class QuotaSpentError extends LongboxError {
  readonly provider: ProviderName;
  readonly resumesAt: number;
  constructor(provider: ProviderName, resumesAt: number) {
    super('PROVIDER_QUOTA_SPENT', `The ${provider} request quota is spent until ${new Date(resumesAt).toISOString()}.`);
    this.provider = provider;
    this.resumesAt = resumesAt;
  }
}

export interface HttpDeps {
  budget: RequestBudget;
  cache: ResponseCache;
  logger: Logger;
  now: () => number;
  /** Waits on the same clock as `now` (tests inject a clock that jumps instead of waiting). */
  sleep: (ms: number) => Promise<void>;
  timeoutMs: number;
}

export interface ApiRequest {
  provider: ProviderName;
  /** Budget bucket (Comic Vine counts per resource: search, issues, issue…). */
  resource: string;
  /** The URL as sent (may carry an API key). */
  url: string;
  /** The same request without credentials: cache key and error messages. */
  publicUrl: string;
  init?: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string };
  /** The provider's in-body "quota spent" signal (Comic Vine status_code 107). */
  quotaSpent?: (body: unknown) => boolean;
}

export class ProviderHttp {
  readonly #deps: HttpDeps;
  /** Requests actually sent (tests and the CLI's summary). */
  sent = 0;

  constructor(deps: HttpDeps) {
    this.#deps = deps;
  }

  async json(request: ApiRequest): Promise<unknown> {
    const { cache, now } = this.#deps;
    const key = `${request.provider} ${request.init?.method ?? 'GET'} ${request.publicUrl} ${request.init?.body ?? ''}`;
    const hit = cache.get(key, now());
    if (hit) return JSON.parse(hit.body.toString('utf8')) as unknown;
    for (let attempt = 1; ; attempt++) {
      try {
        const text = await this.#send(request);
        const body = parseJson(text, request.publicUrl);
        if (request.quotaSpent?.(body)) throw this.#spent(request.provider, null);
        cache.put(key, { mime: 'application/json', body: Buffer.from(text) }, now() + API_TTL_MS, now());
        return body;
      } catch (error) {
        if (!(error instanceof RetryableError) || attempt >= MAX_ATTEMPTS) throw error instanceof RetryableError ? error.final : error;
        this.#deps.logger.warn({ provider: request.provider, url: request.publicUrl, attempt, err: error.final.message }, 'provider request failed; retrying');
        await this.#deps.sleep(BACKOFF_MS * 2 ** (attempt - 1));
      }
    }
  }

  /** A cover from the image host (cached); null when it cannot be fetched. */
  async image(url: string): Promise<{ mime: string; bytes: Buffer } | null> {
    const { cache, now } = this.#deps;
    const key = `image ${url}`;
    const hit = cache.get(key, now());
    if (hit) return { mime: hit.mime, bytes: hit.body };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(this.#deps.timeoutMs) });
      if (!response.ok) return null;
      const bytes = Buffer.from(await response.arrayBuffer());
      if (bytes.length > MAX_IMAGE_BYTES) return null;
      const mime = response.headers.get('content-type') ?? 'application/octet-stream';
      if (!mime.startsWith('image/')) return null;
      cache.put(key, { mime, body: bytes }, now() + IMAGE_TTL_MS, now());
      return { mime, bytes };
    } catch {
      return null;
    }
  }

  async #take(request: ApiRequest): Promise<void> {
    for (;;) {
      const slot = this.#deps.budget.reserve(request.provider, request.resource, this.#deps.now());
      if (slot.ok) return;
      if ('spentUntil' in slot) throw new QuotaSpentError(request.provider, slot.spentUntil);
      await this.#deps.sleep(slot.waitMs);
    }
  }

  async #send(request: ApiRequest): Promise<string> {
    await this.#take(request);
    this.sent += 1;
    let response: Response;
    try {
      response = await fetch(request.url, { ...request.init, signal: AbortSignal.timeout(this.#deps.timeoutMs) });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${this.#deps.timeoutMs} ms` : 'network error';
      throw new RetryableError(new LongboxError('PROVIDER_UNAVAILABLE', `${request.provider}: ${reason} (${request.publicUrl})`));
    }
    const text = await response.text().catch(() => '');
    if (response.status === 420 || response.status === 429) {
      throw this.#spent(request.provider, retryAfter(response.headers.get('retry-after'), this.#deps.now()));
    }
    if (response.status === 401 || response.status === 403) {
      throw new LongboxError('PROVIDER_AUTH_FAILED', `${request.provider} refused the credentials (HTTP ${response.status}).`);
    }
    if (response.status >= 500) {
      throw new RetryableError(new LongboxError('PROVIDER_UNAVAILABLE', `${request.provider}: HTTP ${response.status} (${request.publicUrl})`));
    }
    if (!response.ok) throw new LongboxError('PROVIDER_BAD_RESPONSE', `${request.provider}: HTTP ${response.status} (${request.publicUrl})`);
    return text;
  }

  /** The provider says the quota is spent: block it for the advertised time, else one window. */
  #spent(provider: ProviderName, until: number | null): QuotaSpentError {
    const at = until ?? this.#deps.now() + this.#deps.budget.windowMs(provider);
    this.#deps.budget.block(provider, at);
    return new QuotaSpentError(provider, at);
  }
}

class RetryableError extends Error {
  readonly final: LongboxError;
  constructor(final: LongboxError) {
    super(final.message);
    this.final = final;
  }
}

function parseJson(text: string, url: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new LongboxError('PROVIDER_BAD_RESPONSE', `Not JSON: ${url}`);
  }
}

function retryAfter(header: string | null, now: number): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return now + seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : date;
}
