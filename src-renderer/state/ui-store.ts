import { create } from 'zustand';

export type View = 'library' | 'identify' | 'history' | 'settings' | 'logs';

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
