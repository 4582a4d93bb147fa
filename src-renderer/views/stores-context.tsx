import { createContext, useContext } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { Stores } from '../state/stores.ts';

const StoresContext = createContext<Stores | null>(null);
export const StoresProvider = StoresContext.Provider;

export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('StoresProvider missing');
  return stores;
}

type StateOf<S> = S extends StoreApi<infer T> ? T : never;

/** A hook per store, reading from the window's stores (selector optional, as zustand's own). */
function hookFor<K extends keyof Stores>(key: K) {
  function useIt(): StateOf<Stores[K]>;
  function useIt<T>(selector: (state: StateOf<Stores[K]>) => T): T;
  function useIt<T>(selector?: (state: StateOf<Stores[K]>) => T) {
    const store = useStores()[key] as StoreApi<StateOf<Stores[K]>>;
    return useStore(store, selector ?? ((s) => s as unknown as T));
  }
  return useIt;
}

export const useLibrary = hookFor('library');
export const useJobs = hookFor('jobs');
export const useHistory = hookFor('history');
export const useSettings = hookFor('settings');
export const useUi = hookFor('ui');
export const useConfirm = hookFor('confirm');
export const useConnection = hookFor('connection');
export const useAnnouncer = hookFor('announcer');

/** The window's command caller (throws CommandError with a human message). */
export const useCall = () => useStores().deps.call;
