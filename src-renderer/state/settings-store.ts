import { create } from 'zustand';
import type { Settings } from '../../src-shared/contract/settings.ts';
import { call, connection } from '../api/client.ts';

interface SettingsState {
  settings: Settings | null;
  error: string | null;
  load(): Promise<void>;
  /** Saves the given keys; true when the core accepted them. */
  save(patch: Partial<Settings>): Promise<boolean>;
}

/** `system` leaves the colours to `prefers-color-scheme`; light/dark override it (styles.css). */
function applyTheme(theme: Settings['theme']): void {
  document.documentElement.dataset.theme = theme;
}

export const useSettings = create<SettingsState>()((set) => ({
  settings: null,
  error: null,

  async load() {
    try {
      const settings = await call('settings.get');
      applyTheme(settings.theme);
      set({ settings, error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },

  async save(patch) {
    try {
      const settings = await call('settings.update', patch);
      applyTheme(settings.theme);
      set({ settings, error: null });
      return true;
    } catch (error) {
      set({ error: (error as Error).message });
      return false;
    }
  },
}));

// The theme applies from the first paint of every window, not only once Settings is opened.
void useSettings.getState().load();
connection.onReconnect(() => void useSettings.getState().load());
