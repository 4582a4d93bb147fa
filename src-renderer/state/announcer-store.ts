import { createStore } from 'zustand/vanilla';

export interface AnnouncerState {
  /** The latest announcement; `n` changes even when the same text repeats, so it is re-read. */
  message: { text: string; n: number } | null;
  announce(text: string): void;
}

/** Feeds the one `aria-live` region (views/LiveRegion.tsx): job ends and errors are spoken. */
export function createAnnouncerStore() {
  return createStore<AnnouncerState>()((set, get) => ({
    message: null,
    announce: (text) => set({ message: { text, n: (get().message?.n ?? 0) + 1 } }),
  }));
}
