import { useEffect, useState, type FormEvent } from 'react';
import type { ComicInfoField, ComicInfoValues } from '../../src-shared/contract/comicinfo.ts';
import type { LibraryFile } from '../../src-shared/contract/library.ts';
import { FieldInput } from './FieldInput.tsx';
import { changedFields, EDITOR_FIELDS, fieldError, type Draft } from './metadata-fields.ts';
import { useJobs, useUi } from './stores-context.tsx';

/** The unsaved-changes owner name of the single-file editor (use-guarded-leave.ts). */
export const EDITOR_OWNER = 'metadata-editor';

/** Values the index parsed from the file name (and folder) for fields the XML leaves empty. */
function suggestions(file: LibraryFile, original: ComicInfoValues): Draft {
  const parsed: Draft = {
    Series: file.series ?? undefined,
    Number: file.number ?? undefined,
    Volume: file.volume ?? undefined,
    Year: file.year === null ? undefined : String(file.year),
  };
  return Object.fromEntries(Object.entries(parsed).filter(([field, value]) => value && !original[field as ComicInfoField]));
}

/**
 * Edits one file's ComicInfo. Save starts an `edit` job with only the changed fields, so the
 * change is journaled, undoable and in the history like any other job.
 */
export function MetadataEditor({ file, original, onSaved }: { file: LibraryFile; original: ComicInfoValues; onSaved(): void }) {
  const start = useJobs((s) => s.start);
  const setDirty = useUi((s) => s.setDirty);
  const [draft, setDraft] = useState<Draft>(() => Object.fromEntries(EDITOR_FIELDS.map((f) => [f.field, original[f.field] ?? ''])));
  const [saving, setSaving] = useState(false);
  const patch = changedFields(original, draft);
  const changed = Object.keys(patch).length;
  const errors = EDITOR_FIELDS.map((f) => fieldError(f, draft[f.field] ?? ''));
  const invalid = errors.some(Boolean);
  const suggested = suggestions(file, original);
  const offered = Object.entries(suggested).filter(([field]) => !draft[field as ComicInfoField]);

  useEffect(() => {
    setDirty(EDITOR_OWNER, changed > 0);
  }, [changed, setDirty]);
  useEffect(() => () => setDirty(EDITOR_OWNER, false), [setDirty]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const job = await start({ kind: 'edit', fileIds: [file.id], patch });
    setSaving(false);
    if (job) {
      setDirty(EDITOR_OWNER, false);
      onSaved();
    }
  };

  return (
    <form className="metadata-editor" aria-label="Metadata" onSubmit={(e) => void save(e)}>
      {offered.length > 0 && (
        <p className="suggestions">
          From the file name: {offered.map(([field, value]) => `${field} ${value}`).join(', ')}{' '}
          <button type="button" onClick={() => setDraft((d) => ({ ...d, ...Object.fromEntries(offered) }))}>
            Use suggestions
          </button>
        </p>
      )}
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
