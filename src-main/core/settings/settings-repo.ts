import { SettingsSchema, type Settings } from '../../../src-shared/contract/settings.ts';
import type { Db } from '../db/open-database.ts';

/**
 * Settings persist as one JSON value per key, so adding a setting needs no migration and an
 * unknown or invalid stored value falls back to its default instead of breaking start-up.
 */
export class SettingsRepo {
  readonly #db: Db;
  #cache: Settings | null = null;

  constructor(db: Db) {
    this.#db = db;
  }

  get(): Settings {
    if (this.#cache) return this.#cache;
    const stored: Record<string, unknown> = {};
    for (const { key, value } of this.#db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>) {
      try {
        stored[key] = JSON.parse(value);
      } catch {
        // a corrupt value is dropped; its default applies
      }
    }
    const defaults = SettingsSchema.parse({});
    const merged: Record<string, unknown> = { ...defaults };
    for (const key of Object.keys(defaults) as Array<keyof Settings>) {
      if (!(key in stored)) continue;
      const one = SettingsSchema.shape[key].safeParse(stored[key]);
      if (one.success) merged[key] = one.data;
    }
    this.#cache = merged as Settings;
    return this.#cache;
  }

  update(patch: Partial<Settings>): Settings {
    const next = SettingsSchema.parse({ ...this.get(), ...patch });
    const upsert = this.#db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.#db.transaction(() => {
      for (const key of Object.keys(patch) as Array<keyof Settings>) upsert.run(key, JSON.stringify(next[key]));
    })();
    this.#cache = next;
    return next;
  }
}
