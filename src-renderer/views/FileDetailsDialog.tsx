import { useEffect, useState } from 'react';
import type { FileDetails } from '../../src-shared/contract/files.ts';
import { call } from '../api/client.ts';
import { useSettings } from '../state/settings-store.ts';
import { useUi } from '../state/ui-store.ts';
import { CoverImage } from './CoverImage.tsx';
import { FileFacts } from './FileFacts.tsx';
import { MetadataEditor } from './MetadataEditor.tsx';
import { StatusBadge } from './StatusBadge.tsx';

export function FileDetailsDialog({ fileId, onClose }: { fileId: number; onClose(): void }) {
  const openDelete = useUi((s) => s.openDelete);
  const openCompare = useUi((s) => s.openCompare);
  const [details, setDetails] = useState<FileDetails | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cbrReadOnly = useSettings((s) => s.settings?.cbrMode !== 'convert');
  useEffect(() => {
    let current = true;
    setDetails(null);
    setError(null);
    call('library.file.get', { fileId })
      .then((result) => current && setDetails(result))
      .catch((e: Error) => current && setError(e.message));
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
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div role="dialog" aria-modal="true" aria-label="File details" className="dialog details-dialog">
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
                  <StatusBadge status={file.status} error={file.error} />
                  {file.error && <div className="job-error">{file.error}</div>}
                </dd>
              </dl>
              {details.comicInfo === null && <p className="muted">No ComicInfo.xml yet; saving creates one.</p>}
              {details.format === 'cbr' && cbrReadOnly && (
                <p className="muted">CBR archives are read-only; turn on CBR conversion in Settings to edit this file.</p>
              )}
            </div>
            <MetadataEditor fileId={file.id} original={details.comicInfo ?? {}} onSaved={onClose} />
          </div>
        )}
        <div className="dialog-actions">
          {desktop && file && (
            <button type="button" onClick={() => call('library.file.reveal', { fileId: file.id }).catch((e: Error) => setError(e.message))}>
              Show in folder
            </button>
          )}
          {file?.status === 'duplicate' && (
            <button
              type="button"
              onClick={() => {
                onClose();
                openCompare(file.id);
              }}
            >
              Compare with the other file…
            </button>
          )}
          {file && (
            <button
              type="button"
              onClick={() => {
                onClose();
                openDelete([file.id]);
              }}
            >
              Delete…
            </button>
          )}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
