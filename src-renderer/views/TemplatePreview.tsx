import type { SettingsPreview } from '../../src-shared/contract/settings-preview.ts';

/** What Process would name one file with the settings as typed (not yet saved). */
export function TemplatePreview({ preview, error }: { preview: SettingsPreview | null; error: string | null }) {
  return (
    <div role="status" aria-label="Template preview" className="template-preview">
      {error && <span className="field-error">{error}</span>}
      {!preview && !error && <span className="muted">Computing preview…</span>}
      {preview && !preview.valid && preview.error && <span className="field-error">{preview.error.message}</span>}
      {preview?.valid && !preview.file && <span className="muted">Add a library folder to preview names.</span>}
      {preview?.valid && preview.file && (
        <>
          <div>
            <span className="muted">{preview.file.name}</span> → <strong>{preview.fileName}</strong>
          </div>
          <div>
            <span className="muted">Title:</span> {preview.title ?? '—'}
          </div>
          {preview.error && <div className="muted">{preview.error.message}</div>}
        </>
      )}
    </div>
  );
}
