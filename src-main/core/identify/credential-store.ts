/**
 * Provider credentials (docs/identify.md). Stored in `credentials.json` in the data folder,
 * created 0600 (owner only), written to a temp file and renamed so a crash never leaves half a
 * file. Where the host can encrypt (Electron `safeStorage`, through the `SecretCipher` port)
 * the secrets are stored encrypted. The environment (`LONGBOX_COMICVINE_API_KEY`,
 * `LONGBOX_METRON_USER` + `LONGBOX_METRON_PASSWORD`) wins over the file. Nothing here is ever
 * logged or sent to a window: callers only learn whether a provider is configured.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CredentialsInput, ProviderName } from '../../../src-shared/contract/identify.ts';
import type { SecretCipher } from '../ports.ts';

export interface Credentials {
  comicvine?: { apiKey: string };
  metron?: { user: string; password: string };
}

interface StoredFile {
  /** true: `secrets` is base64 of the cipher's output; false: `secrets` is the JSON itself. */
  encrypted: boolean;
  secrets: string;
}

export class CredentialStore {
  readonly #file: string;
  readonly #cipher: SecretCipher | undefined;
  readonly #env: NodeJS.ProcessEnv;

  constructor(dataDir: string, cipher: SecretCipher | undefined, env: NodeJS.ProcessEnv = process.env) {
    this.#file = join(dataDir, 'credentials.json');
    this.#cipher = cipher?.isAvailable() ? cipher : undefined;
    this.#env = env;
  }

  get(): Credentials {
    const stored = this.#read();
    const key = this.#env.LONGBOX_COMICVINE_API_KEY;
    const user = this.#env.LONGBOX_METRON_USER;
    const password = this.#env.LONGBOX_METRON_PASSWORD;
    return {
      ...stored,
      ...(key ? { comicvine: { apiKey: key } } : {}),
      ...(user && password ? { metron: { user, password } } : {}),
    };
  }

  configured(provider: ProviderName): boolean {
    return provider === 'anilist' || this.get()[provider] !== undefined;
  }

  set(input: CredentialsInput): void {
    const stored = this.#read();
    if (input.provider === 'comicvine') {
      if (input.apiKey) stored.comicvine = { apiKey: input.apiKey };
      else delete stored.comicvine;
    } else if (input.user && input.password) stored.metron = { user: input.user, password: input.password };
    else delete stored.metron;
    const json = JSON.stringify(stored);
    const content: StoredFile = this.#cipher
      ? { encrypted: true, secrets: this.#cipher.encrypt(json).toString('base64') }
      : { encrypted: false, secrets: json };
    const temp = `${this.#file}.tmp`;
    writeFileSync(temp, JSON.stringify(content), { mode: 0o600 });
    renameSync(temp, this.#file);
  }

  #read(): Credentials {
    let content: StoredFile;
    try {
      content = JSON.parse(readFileSync(this.#file, 'utf8')) as StoredFile;
    } catch {
      return {};
    }
    try {
      if (!content.encrypted) return JSON.parse(content.secrets) as Credentials;
      // Encrypted by a host that can decrypt (the app); a headless run cannot read them.
      return this.#cipher ? (JSON.parse(this.#cipher.decrypt(Buffer.from(content.secrets, 'base64'))) as Credentials) : {};
    } catch {
      return {};
    }
  }
}
