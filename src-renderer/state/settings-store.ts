import { createStore } from 'zustand/vanilla';
import type { Settings } from '../../src-shared/contract/settings.ts';
import { errorText, type StoreDeps } from './store-deps.ts';

export interface SettingsState {
  settings: Settings | null;
  error: string | null;
  /** When the last save was accepted (the view's "Saved" feedback); null before any. */
  savedAt: number | null;
  load(): Promise<void>;
  /** Saves the given keys; true when the core accepted them. */
  save(patch: Partial<Settings>): Promise<boolean>;
}

/**
 * `applyTheme` is the document edge (it sets `data-theme`), injected so this store runs without
 * a DOM in tests.
 */
export function createSettingsStore(deps: StoreDeps, applyTheme: (theme: Settings['theme']) => void = () => {}, now = () => Date.now()) {
  const store = createStore<SettingsState>()((set) => ({
    settings: null,
    error: null,
    savedAt: null,

    async load() {
      try {
        const settings = await deps.call('settings.get');
        applyTheme(settings.theme);
        set({ settings, error: null });
      } catch (error) {
        set({ error: errorText(error) });
      }
    },

    async save(patch) {
      try {
        const settings = await deps.call('settings.update', patch);
        applyTheme(settings.theme);
        set({ settings, error: null, savedAt: now() });
        return true;
      } catch (error) {
        set({ error: errorText(error) });
        return false;
      }
    },
  }));
  deps.onReconnect(() => void store.getState().load());
  return store;
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
