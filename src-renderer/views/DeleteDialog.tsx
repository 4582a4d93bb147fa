import { useState } from 'react';
import { Dialog } from './Dialog.tsx';
import { PreviewTable } from './PreviewTable.tsx';
import { useJobs, useUi } from './stores-context.tsx';

/**
 * Delete with a preview and a confirmation: the files go to the OS trash as a job, never a
 * permanent delete. Longbox cannot undo it — the trash is where they come back from, and the
 * dialog says so before anything happens.
 */
export function DeleteDialog({ fileIds, onClose }: { fileIds: number[]; onClose(): void }) {
  const start = useJobs((s) => s.start);
  const [scopeTotal, setScopeTotal] = useState<number | null>(null);
  const count = `${fileIds.length} file${fileIds.length === 1 ? '' : 's'}`;
  const run = async () => {
    if (await start({ kind: 'delete', fileIds })) onClose();
  };
  return (
    <Dialog label="Delete files" onClose={onClose}>
        <h2>Delete {count}</h2>
        <p>
          The files below go to the <strong>OS trash</strong>; nothing is deleted permanently. This cannot be undone from
          Longbox: restore them from the trash if you change your mind.
        </p>
        <PreviewTable spec={{ kind: 'delete', fileIds }} onLoaded={setScopeTotal} withTotals={false} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!scopeTotal} onClick={() => void run()}>
            Move {count} to the trash
          </button>
        </div>
    </Dialog>
  );
}

/** Mounted once by the app: the dialog for whatever the library view or details asked to delete. */
export function DeleteDialogHost() {
  const fileIds = useUi((s) => s.deleteFileIds);
  const openDelete = useUi((s) => s.openDelete);
  return fileIds ? <DeleteDialog fileIds={fileIds} onClose={() => openDelete(null)} /> : null;
}
