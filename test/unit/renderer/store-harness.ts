import { join } from 'node:path';
import type { AppCore } from '../../../src-main/core/app-core.ts';
import { inProcessBridge } from '../../../src-main/core/contract/in-process-bridge.ts';
import { generateSampleLibrary, type SampleFile } from '../../../src-main/core/demo/sample-library.ts';
import { createContractClient } from '../../../src-shared/contract/typed-client.ts';
import type { Settings } from '../../../src-shared/contract/settings.ts';
import { createStores, type Stores } from '../../../src-renderer/state/stores.ts';
import { startTestCore, tempDir } from '../../helpers/core-harness.ts';

export interface StoreHarness {
  core: AppCore;
  stores: Stores;
  library: string;
  themes: Array<Settings['theme']>;
  /** Fires the stores' reconnect listeners, as the WebSocket bridge does after a drop. */
  reconnect(): void;
  close(): Promise<void>;
}

/** A real core on a real data folder and library, and one window's stores over it. */
export async function startStoreHarness(files?: SampleFile[]): Promise<StoreHarness> {
  const dir = tempDir('stores');
  const library = join(dir.path, 'Comics');
  await generateSampleLibrary(library, files);
  const core = await startTestCore(join(dir.path, 'data'));
  const reconnectListeners = new Set<() => void>();
  const themes: Array<Settings['theme']> = [];
  const stores = createStores(createContractClient(inProcessBridge(core), { validate: true }), {
    onReconnect: (listener) => {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    applyTheme: (theme) => themes.push(theme),
  });
  return {
    core,
    stores,
    library,
    themes,
    reconnect: () => reconnectListeners.forEach((l) => l()),
    close: async () => {
      await core.close();
      dir.remove();
    },
  };
}

/** Resolves once `predicate` holds for the store's state (checked on every change). */
export function until<T>(store: { getState(): T; subscribe(l: (s: T) => void): () => void }, predicate: (state: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    if (predicate(store.getState())) return resolve(store.getState());
    const stop = store.subscribe((state) => {
      if (!predicate(state)) return;
      stop();
      resolve(state);
    });
  });
}
