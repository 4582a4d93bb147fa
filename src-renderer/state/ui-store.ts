import { create } from 'zustand';
import { client } from '../api/client.ts';

export type View = 'library' | 'history' | 'settings' | 'logs';

interface UiState {
  view: View;
  /** The file whose details panel is open. */
  detailsFileId: number | null;
  batchEditOpen: boolean;
  /** The files the delete dialog (preview + confirmation) is open for. */
  deleteFileIds: number[] | null;
  /** The duplicate being compared with the file it collides with. */
  compareFileId: number | null;
  setView(view: View): void;
  openDetails(fileId: number | null): void;
  openBatchEdit(open: boolean): void;
  openDelete(fileIds: number[] | null): void;
  openCompare(fileId: number | null): void;
}

export const useUi = create<UiState>()((set) => ({
  view: 'library',
  detailsFileId: null,
  batchEditOpen: false,
  deleteFileIds: null,
  compareFileId: null,
  setView: (view) => set({ view }),
  openDetails: (detailsFileId) => set({ detailsFileId }),
  openBatchEdit: (batchEditOpen) => set({ batchEditOpen }),
  openDelete: (deleteFileIds) => set({ deleteFileIds }),
  openCompare: (compareFileId) => set({ compareFileId }),
}));

// The desktop app's menu (Preferences…, Cmd+,) opens a view from outside the page.
client.on('app.showView', ({ view }) => useUi.getState().setView(view));
