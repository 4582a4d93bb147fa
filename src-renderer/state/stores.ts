import type { ContractClient } from '../../src-shared/contract/client.ts';
import type { Settings } from '../../src-shared/contract/settings.ts';
import { createAnnouncerStore } from './announcer-store.ts';
import { createConfirmStore } from './confirm-store.ts';
import { createConnectionStore } from './connection-store.ts';
import { createHistoryStore } from './history-store.ts';
import { createJobsStore } from './jobs-store.ts';
import { createLibraryStore } from './library-store.ts';
import { createSettingsStore } from './settings-store.ts';
import { storeDeps, type StoreDeps } from './store-deps.ts';
import { createUiStore } from './ui-store.ts';

export interface StoreOptions {
  onReconnect?: StoreDeps['onReconnect'];
  applyTheme?: (theme: Settings['theme']) => void;
}

/** Every store of one window, over one client (docs/ui.md "State"). Creating them fetches nothing. */
export function createStores(client: ContractClient, options: StoreOptions = {}) {
  const deps = storeDeps(client, options.onReconnect);
  const announcer = createAnnouncerStore();
  const jobs = createJobsStore(deps, (text) => announcer.getState().announce(text));
  const ui = createUiStore();
  // The desktop app's menu (Preferences…, Cmd+,) opens a view from outside the page.
  client.on('app.showView', ({ view }) => ui.getState().setView(view));
  return {
    deps,
    announcer,
    jobs,
    history: createHistoryStore(deps, jobs),
    library: createLibraryStore(deps),
    settings: createSettingsStore(deps, options.applyTheme),
    ui,
    confirm: createConfirmStore(),
    connection: createConnectionStore(),
  };
}

export type Stores = ReturnType<typeof createStores>;

/**
 * The first reads of a window, active jobs first: the progress view is what a reload must bring
 * back fastest (docs/ui.md "Reload"); the theme and the library follow.
 */
export async function startStores(stores: Stores): Promise<void> {
  const jobs = stores.jobs.getState().restore();
  await Promise.all([jobs, stores.settings.getState().load(), stores.library.getState().refresh()]);
}
