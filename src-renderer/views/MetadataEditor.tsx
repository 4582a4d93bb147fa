import { useState, type FormEvent } from 'react';
import type { ComicInfoValues } from '../../src-shared/contract/comicinfo.ts';
import { useJobs } from '../state/jobs-store.ts';
import { FieldInput } from './FieldInput.tsx';
import { changedFields, EDITOR_FIELDS, fieldError, type Draft } from './metadata-fields.ts';

/**
 * Edits one file's ComicInfo. Save starts an `edit` job with only the changed fields, so the
 * change is journaled, undoable and in the history like any other job.
 */
export function MetadataEditor({ fileId, original, onSaved }: { fileId: number; original: ComicInfoValues; onSaved(): void }) {
  const start = useJobs((s) => s.start);
  const [draft, setDraft] = useState<Draft>(() => Object.fromEntries(EDITOR_FIELDS.map((f) => [f.field, original[f.field] ?? ''])));
  const [saving, setSaving] = useState(false);
  const patch = changedFields(original, draft);
  const changed = Object.keys(patch).length;
  const errors = EDITOR_FIELDS.map((f) => fieldError(f, draft[f.field] ?? ''));
  const invalid = errors.some(Boolean);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const job = await start({ kind: 'edit', fileIds: [fileId], patch });
    setSaving(false);
    if (job) onSaved();
  };

  return (
    <form className="metadata-editor" aria-label="Metadata" onSubmit={(e) => void save(e)}>
      <div className="fields">
        {EDITOR_FIELDS.map((spec, i) => (
          <FieldInput
            key={spec.field}
            spec={spec}
            value={draft[spec.field] ?? ''}
            error={errors[i] ?? null}
            onChange={(value) => setDraft((d) => ({ ...d, [spec.field]: value }))}
          />
        ))}
      </div>
      <div className="dialog-actions">
        <span className="muted">{changed === 0 ? 'No changes' : `${changed} field${changed === 1 ? '' : 's'} changed`}</span>
        <button type="submit" className="primary" disabled={changed === 0 || invalid || saving}>
          Save
        </button>
      </div>
    </form>
  );
}
