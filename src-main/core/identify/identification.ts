/**
 * The identification services of one process, built once by the app core: the persisted
 * request budget and response cache, the one HTTP client, credentials, the review queue, and
 * the providers usable right now (docs/identify.md).
 */
import type { Settings } from '../../../src-shared/contract/settings.ts';
import type { Db } from '../db/open-database.ts';
import type { Logger, SecretCipher } from '../ports.ts';
import { CredentialStore } from './credential-store.ts';
import type { FileFacts } from './file-facts.ts';
import type { ItemServices } from './identify-item.ts';
import { ProviderHttp } from './provider-http.ts';
import { configuredProviders } from './provider-registry.ts';
import type { Provider } from './provider-types.ts';
import { RequestBudget } from './request-budget.ts';
import { ResponseCache } from './response-cache.ts';
import { ReviewRepo } from './review-repo.ts';

/** What the job engine needs to run `identify` jobs. */
export interface IdentifyJobDeps {
  reviews: ReviewRepo;
  providers: () => Provider[];
  services: Omit<ItemServices, 'runEdit'>;
}

export interface IdentificationOptions {
  db: Db;
  dataDir: string;
  settings: () => Settings;
  logger: Logger;
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
  secrets?: SecretCipher;
  env?: NodeJS.ProcessEnv;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  readFacts: (absPath: string) => Promise<FileFacts>;
  hashImage: (bytes: Uint8Array) => Promise<string | null>;
}

export interface Identification extends IdentifyJobDeps {
  budget: RequestBudget;
  http: ProviderHttp;
  credentials: CredentialStore;
  env: NodeJS.ProcessEnv;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createIdentification(options: IdentificationOptions): Identification {
  const env = options.env ?? process.env;
  const budget = new RequestBudget(options.db);
  const http = new ProviderHttp({
    budget,
    cache: new ResponseCache(options.db),
    logger: options.logger,
    now: options.now,
    sleep: options.sleep ?? realSleep,
    timeoutMs: options.timeoutMs ?? 30_000,
  });
  const credentials = new CredentialStore(options.dataDir, options.secrets, env);
  return {
    budget,
    http,
    credentials,
    env,
    reviews: new ReviewRepo(options.db),
    providers: () => configuredProviders(http, options.settings(), credentials.get(), env),
    services: { http, readFacts: options.readFacts, hashImage: options.hashImage },
  };
}
