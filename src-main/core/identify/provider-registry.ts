/**
 * Which providers exist, where each one's API lives and which are usable right now. A base URL
 * comes from `LONGBOX_<PROVIDER>_URL`, else the `providerUrls` setting, else the public API
 * root (docs/identify.md), so tests and mirrors point Longbox elsewhere.
 */
import { PROVIDER_NAMES, type ProviderName, type ProviderStatus } from '../../../src-shared/contract/identify.ts';
import type { Settings } from '../../../src-shared/contract/settings.ts';
import type { Credentials } from './credential-store.ts';
import type { ProviderHttp } from './provider-http.ts';
import type { Provider } from './provider-types.ts';
import type { RequestBudget } from './request-budget.ts';
import { ANILIST_URL, AniListProvider } from './providers/anilist.ts';
import { COMICVINE_URL, ComicVineProvider } from './providers/comicvine.ts';
import { METRON_URL, MetronProvider } from './providers/metron.ts';

const PUBLIC_URLS: Record<ProviderName, string> = { comicvine: COMICVINE_URL, metron: METRON_URL, anilist: ANILIST_URL };

export function baseUrlOf(name: ProviderName, settings: Settings, env: NodeJS.ProcessEnv): string {
  return env[`LONGBOX_${name.toUpperCase()}_URL`] || settings.providerUrls[name] || PUBLIC_URLS[name];
}

/** Every provider that has what it needs (credentials; AniList needs none), in the documented order (docs/identify.md). */
export function configuredProviders(http: ProviderHttp, settings: Settings, credentials: Credentials, env: NodeJS.ProcessEnv): Provider[] {
  const providers: Provider[] = [];
  if (credentials.comicvine) providers.push(new ComicVineProvider(http, baseUrlOf('comicvine', settings, env), credentials.comicvine.apiKey));
  if (credentials.metron) {
    providers.push(new MetronProvider(http, baseUrlOf('metron', settings, env), credentials.metron.user, credentials.metron.password));
  }
  providers.push(new AniListProvider(http, baseUrlOf('anilist', settings, env)));
  return providers;
}

export function providerStatuses(
  settings: Settings,
  credentials: Credentials,
  env: NodeJS.ProcessEnv,
  budget: RequestBudget,
  now: number,
): ProviderStatus[] {
  return PROVIDER_NAMES.map((name) => ({
    name,
    configured: name === 'anilist' || credentials[name] !== undefined,
    baseUrl: baseUrlOf(name, settings, env),
    blockedUntil: budget.blockedUntil(name, now),
  }));
}
