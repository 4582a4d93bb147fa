import { useState } from 'react';
import { errorText } from '../state/store-deps.ts';
import { useCall, useConfirm, useLibrary } from './stores-context.tsx';

/**
 * Absolute on any OS the server may run on: `/…`, `C:\…` or `C:/…`, `\\server\share`. A
 * relative path would resolve against the server's working directory, which the person
 * typing cannot see (docs/ui.md "Adding a folder"); main refuses it too.
 */
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

/**
 * Adding a typed folder: refused at once when relative, then checked by main
 * (`library.roots.check`: resolved, allowed, not already a root, archives counted) and added
 * only after the person confirms the resolved folder. Returns `add` and the form's message.
 */
export function useAddFolder() {
  const call = useCall();
  const ask = useConfirm((s) => s.ask);
  const addRoot = useLibrary((s) => s.addRoot);
  const [problem, setProblem] = useState<string | null>(null);

  const add = async (typed: string): Promise<boolean> => {
    setProblem(null);
    if (!ABSOLUTE_PATH.test(typed)) {
      setProblem(`Type the folder's full path, starting with / (like /home/me/Comics) or a drive letter; "${typed}" is relative.`);
      return false;
    }
    let check;
    try {
      check = await call('library.roots.check', { path: typed });
    } catch (error) {
      setProblem(errorText(error));
      return false;
    }
    const count = check.complete ? `${check.archives}` : `at least ${check.archives}`;
    const ok = await ask({
      title: `Add ${check.path}?`,
      body: `Longbox will index ${count} comic archive${check.archives === 1 && check.complete ? '' : 's'} in this folder and its subfolders, and may write to them when you process them.`,
      confirmLabel: 'Add folder',
      cancelLabel: 'Cancel',
      destructive: false,
    });
    return ok && addRoot(check.path);
  };
  return { add, problem };
}
