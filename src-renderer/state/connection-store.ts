import { createStore } from 'zustand/vanilla';

export type LinkStatus = 'connected' | 'reconnecting';

export interface ConnectionState {
  status: LinkStatus;
  /** When the link dropped (for "disconnected since"); null while connected. */
  downSince: number | null;
  setStatus(status: LinkStatus, at: number): void;
}

/** The link's state as the banner shows it; the transport reports, nothing here reconnects. */
export function createConnectionStore() {
  return createStore<ConnectionState>()((set, get) => ({
    status: 'connected',
    downSince: null,
    setStatus(status, at) {
      if (get().status === status) return;
      set({ status, downSince: status === 'connected' ? null : at });
    },
  }));
}

export type ConnectionStore = ReturnType<typeof createConnectionStore>;
