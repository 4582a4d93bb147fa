import { createStore } from 'zustand/vanilla';

export type View = 'library' | 'identify' | 'history' | 'settings' | 'logs';
export type LibraryLayout = 'list' | 'grid';

export interface UiState {
  view: View;
  layout: LibraryLayout;
  /** The narrow-screen folders drawer. */
  drawerOpen: boolean;
  /** The file whose details panel is open. */
  detailsFileId: number | null;
  batchEditOpen: boolean;
  /** Edits not yet saved somewhere (editor, settings): leaving asks first. */
  dirty: Set<string>;
  /** The files the delete dialog (preview + confirmation) is open for. */
  deleteFileIds: number[] | null;
  /** The duplicate being compared with the file it collides with. */
  compareFileId: number | null;
  setView(view: View): void;
  setLayout(layout: LibraryLayout): void;
  setDrawerOpen(open: boolean): void;
  openDetails(fileId: number | null): void;
  openBatchEdit(open: boolean): void;
  setDirty(owner: string, dirty: boolean): void;
  openDelete(fileIds: number[] | null): void;
  openCompare(fileId: number | null): void;
}

export function createUiStore() {
  return createStore<UiState>()((set, get) => ({
    view: 'library',
    layout: 'list',
    drawerOpen: false,
    detailsFileId: null,
    batchEditOpen: false,
    dirty: new Set(),
    deleteFileIds: null,
    compareFileId: null,
    setView: (view) => set({ view, drawerOpen: false }),
    setLayout: (layout) => set({ layout }),
    setDrawerOpen: (drawerOpen) => set({ drawerOpen }),
    openDetails: (detailsFileId) => set({ detailsFileId }),
    openBatchEdit: (batchEditOpen) => set({ batchEditOpen }),
    setDirty(owner, dirty) {
      if (get().dirty.has(owner) === dirty) return;
      const next = new Set(get().dirty);
      if (dirty) next.add(owner);
      else next.delete(owner);
      set({ dirty: next });
    },
    openDelete: (deleteFileIds) => set({ deleteFileIds }),
    openCompare: (compareFileId) => set({ compareFileId }),
  }));
}

export type UiStore = ReturnType<typeof createUiStore>;
