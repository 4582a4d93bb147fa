import { useEffect, useState } from 'react';
import type { FileDetails } from '../../src-shared/contract/files.ts';
import { errorText } from '../state/store-deps.ts';
import { Dialog } from './Dialog.tsx';
import { useCall, useSettings, useUi } from './stores-context.tsx';
import { useGuardedLeave } from './use-guarded-leave.ts';
import { ComicInfoRepair } from './ComicInfoRepair.tsx';
import { CoverImage } from './CoverImage.tsx';
import { FileFacts } from './FileFacts.tsx';
import { EDITOR_OWNER, MetadataEditor } from './MetadataEditor.tsx';
import { StatusBadge } from './StatusBadge.tsx';

export function FileDetailsDialog({ fileId, onClose }: { fileId: number; onClose(): void }) {
  const openDelete = useUi((s) => s.openDelete);
  const openCompare = useUi((s) => s.openCompare);
  const [details, setDetails] = useState<FileDetails | null>(null);
  const [error, setError] = useState<string | null>(null);
  const call = useCall();
  const leave = useGuardedLeave();
  // Escape, Close and the backdrop all ask first when the editor holds unsaved edits.
  const close = () => void leave(onClose, EDITOR_OWNER);
  const cbrReadOnly = useSettings((s) => s.settings?.cbrMode !== 'convert');
  useEffect(() => {
    let current = true;
    setDetails(null);
    setError(null);
    call('library.file.get', { fileId })
      .then((result) => current && setDetails(result))
      .catch((e: unknown) => current && setError(errorText(e)));
    return () => {
      current = false;
    };
  }, [fileId]);

  // Only the desktop app has a file manager to show the file in (serve answers UNAVAILABLE_IN_HOST).
  const [desktop, setDesktop] = useState(false);
  useEffect(() => {
    void call('app.info').then((info) => setDesktop(info.mode === 'electron'));
  }, []);

  const file = details?.file;
  return (
    <Dialog label="File details" className="details-dialog" onClose={close}>
        <h2>{file?.name ?? 'File details'}</h2>
        {error && <p role="alert">{error}</p>}
        {!details && !error && <p>Loading…</p>}
        {details && file && (
          <div className="details-body">
            <div className="details-side">
              <CoverImage fileId={file.id} name={file.name} />
              <dl className="facts">
                <FileFacts details={details} />
                <dt>Status</dt>
                <dd>
                  <StatusBadge status={file.status} />
                  {file.error && <div className="job-error">{file.error}</div>}
                </dd>
              </dl>
              {details.comicInfo === null && !details.malformedComicInfo && <p className="muted">No ComicInfo.xml yet; saving creates one.</p>}
              {details.format === 'cbr' && cbrReadOnly && (
                <p className="muted">CBR archives are read-only; turn on CBR conversion in Settings to edit this file.</p>
              )}
            </div>
            {details.malformedComicInfo ? (
              <ComicInfoRepair file={file} malformed={details.malformedComicInfo} onSaved={onClose} />
            ) : (
              <MetadataEditor file={file} original={details.comicInfo ?? {}} onSaved={onClose} />
            )}
          </div>
        )}
        <div className="dialog-actions">
          {desktop && file && (
            <button type="button" onClick={() => call('library.file.reveal', { fileId: file.id }).catch((e: unknown) => setError(errorText(e)))}>
              Show in folder
            </button>
          )}
          {file?.status === 'duplicate' && (
            <button
              type="button"
              onClick={() => void leave(() => {
                onClose();
                openCompare(file.id);
              }, EDITOR_OWNER)}
            >
              Compare with the other file…
            </button>
          )}
          {file && (
            <button
              type="button"
              onClick={() => void leave(() => {
                onClose();
                openDelete([file.id]);
              }, EDITOR_OWNER)}
            >
              Delete…
            </button>
          )}
          <button type="button" onClick={close}>
            Close
          </button>
        </div>
    </Dialog>
  );
}
