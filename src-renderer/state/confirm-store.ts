import { createStore } from 'zustand/vanilla';

export interface ConfirmRequest {
  title: string;
  body: string;
  /** The confirming button's visible text, e.g. "Remove folder". */
  confirmLabel: string;
  /** The safe answer's text ("Keep" unless said otherwise, e.g. "Cancel"). */
  cancelLabel?: string;
  /** False for a confirmation that destroys nothing (adding a folder): no danger colour. */
  destructive?: boolean;
}

export interface ConfirmState {
  pending: (ConfirmRequest & { resolve(ok: boolean): void }) | null;
  /** Asks the person; resolves true only on the confirming button. */
  ask(request: ConfirmRequest): Promise<boolean>;
  answer(ok: boolean): void;
}

/** Confirmation for destructive actions, leaving unsaved edits and adding a typed folder (views/ConfirmDialog.tsx). */
export function createConfirmStore() {
  return createStore<ConfirmState>()((set, get) => ({
    pending: null,
    ask(request) {
      get().pending?.resolve(false);
      return new Promise<boolean>((resolve) => set({ pending: { ...request, resolve } }));
    },
    answer(ok) {
      get().pending?.resolve(ok);
      set({ pending: null });
    },
  }));
}

export type ConfirmStore = ReturnType<typeof createConfirmStore>;
