import { useStores } from './stores-context.tsx';

/**
 * Runs `go` (switch view, close a dialog) at once when nothing is unsaved, else only after the
 * person agrees to drop the edits (docs/ui.md "Unsaved changes").
 */
export function useGuardedLeave() {
  const { ui, confirm } = useStores();
  return async (go: () => void, owner?: string): Promise<void> => {
    const dirty = [...ui.getState().dirty].filter((o) => owner === undefined || o === owner);
    if (dirty.length > 0) {
      const drop = await confirm.getState().ask({
        title: 'Discard unsaved changes?',
        body: 'You have edits that are not saved yet. Leaving drops them.',
        confirmLabel: 'Discard changes',
      });
      if (!drop) return;
      for (const o of dirty) ui.getState().setDirty(o, false);
    }
    go();
  };
}
