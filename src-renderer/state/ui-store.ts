import { create } from 'zustand';
import { client } from '../api/client.ts';

export type View = 'library' | 'history' | 'settings' | 'logs';

interface UiState {
  view: View;
  /** The file whose details panel is open. */
  detailsFileId: number | null;
  batchEditOpen: boolean;
  setView(view: View): void;
  openDetails(fileId: number | null): void;
  openBatchEdit(open: boolean): void;
}

export const useUi = create<UiState>()((set) => ({
  view: 'library',
  detailsFileId: null,
  batchEditOpen: false,
  setView: (view) => set({ view }),
  openDetails: (detailsFileId) => set({ detailsFileId }),
  openBatchEdit: (batchEditOpen) => set({ batchEditOpen }),
}));

// The desktop app's menu (Preferences…, Cmd+,) opens a view from outside the page.
client.on('app.showView', ({ view }) => useUi.getState().setView(view));
