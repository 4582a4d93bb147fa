import { useEffect, useState } from 'react';
import type { FileDetails } from '../../src-shared/contract/files.ts';
import { errorText } from '../state/store-deps.ts';
import { CoverImage } from './CoverImage.tsx';
import { Dialog } from './Dialog.tsx';
import { FileFacts } from './FileFacts.tsx';
import { useCall, useJobs, useUi } from './stores-context.tsx';

const FIELDS = ['Series', 'Number', 'Title', 'Volume', 'Year', 'Publisher', 'Writer'] as const;

function Side({ label, details }: { label: string; details: FileDetails }) {
  const { file, comicInfo } = details;
  return (
    <section className="duplicate-side" aria-label={label}>
      <h3>{label}</h3>
      <CoverImage fileId={file.id} name={file.name} />
      <dl className="facts">
        <FileFacts details={details} />
        {FIELDS.map((field) => (
          <div key={field} className="fact">
            <dt>{field}</dt>
            <dd>{comicInfo?.[field] ?? '—'}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/**
 * A duplicate beside the file it collides with (size, pages, cover, metadata), and the three
 * ways out: keep one (the other goes to the OS trash, through the delete preview and its
 * confirmation), keep both (the duplicate renamed with a counter, as an undoable job), or
 * "not a duplicate" (the mark cleared).
 */
export function DuplicateDialog({ fileId, onClose }: { fileId: number; onClose(): void }) {
  const openDelete = useUi((s) => s.openDelete);
  const start = useJobs((s) => s.start);
  const call = useCall();
  const [pair, setPair] = useState<{ duplicate: FileDetails; original: FileDetails | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    (async () => {
      const duplicate = await call('library.file.get', { fileId });
      const original = duplicate.duplicateOf === null ? null : await call('library.file.get', { fileId: duplicate.duplicateOf });
      if (current) setPair({ duplicate, original });
    })().catch((e: unknown) => current && setError(errorText(e)));
    return () => {
      current = false;
    };
  }, [fileId]);

  const act = async (action: () => Promise<unknown>) => {
    try {
      await action();
      onClose();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const trash = (id: number) => {
    onClose();
    openDelete([id]);
  };

  return (
    <Dialog label="Compare duplicates" onClose={onClose}>
        <h2>Compare duplicates</h2>
        {error && <p role="alert">{error}</p>}
        {!pair && !error && <p>Loading…</p>}
        {pair && (
          <div className="duplicate-sides">
            <Side label="This file (duplicate)" details={pair.duplicate} />
            {pair.original ? (
              <Side label="Collides with" details={pair.original} />
            ) : (
              <p className="muted">The file it collided with is no longer in the library.</p>
            )}
          </div>
        )}
        <div className="dialog-actions">
          {pair?.original && (
            <>
              <button type="button" onClick={() => trash(pair.duplicate.file.id)}>
                Keep the other (trash this one)…
              </button>
              <button type="button" onClick={() => trash(pair.original!.file.id)}>
                Keep this one (trash the other)…
              </button>
            </>
          )}
          {pair && (
            <button type="button" onClick={() => void act(() => start({ kind: 'keep-both', fileIds: [pair.duplicate.file.id] }))}>
              Keep both (rename this one)
            </button>
          )}
          {pair && (
            <button type="button" onClick={() => void act(() => call('library.file.clearDuplicate', { fileId }))}>
              Not a duplicate
            </button>
          )}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
    </Dialog>
  );
}

/** Mounted once by the app: the comparison the details dialog asked for. */
export function DuplicateDialogHost() {
  const fileId = useUi((s) => s.compareFileId);
  const openCompare = useUi((s) => s.openCompare);
  return fileId === null ? null : <DuplicateDialog fileId={fileId} onClose={() => openCompare(null)} />;
}
