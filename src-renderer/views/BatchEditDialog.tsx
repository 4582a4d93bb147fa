import { useEffect, useState } from 'react';
import type { ComicInfoField, ComicInfoPatch, ComicInfoValues } from '../../src-shared/contract/comicinfo.ts';
import { Dialog } from './Dialog.tsx';
import { FieldInput } from './FieldInput.tsx';
import { EDITOR_FIELDS, fieldError, type Draft } from './metadata-fields.ts';
import { useCall, useJobs, useLibrary } from './stores-context.tsx';

/** Files read to show current values; a larger selection shows "(keep)" instead. */
const MAX_READ = 100;

/** Per field: the value all files share, or null when they differ ("mixed"). */
function sharedValues(infos: ComicInfoValues[]): Partial<Record<ComicInfoField, string | null>> {
  const shared: Partial<Record<ComicInfoField, string | null>> = {};
  for (const { field } of EDITOR_FIELDS) {
    const values = new Set(infos.map((info) => info[field] ?? ''));
    shared[field] = values.size === 1 ? [...values][0]! : null;
  }
  return shared;
}

/**
 * Sets fields on all selected files. Each field shows what the files hold now (their shared
 * value, or "mixed"); a field left empty is not touched; "Clear" removes it from every file;
 * only those are sent, as one `edit` job.
 */
export function BatchEditDialog({ onClose }: { onClose(): void }) {
  const selected = useLibrary((s) => s.selected);
  const start = useJobs((s) => s.start);
  const call = useCall();
  const [draft, setDraft] = useState<Draft>({});
  const [cleared, setCleared] = useState<Set<ComicInfoField>>(new Set());
  const [shared, setShared] = useState<Partial<Record<ComicInfoField, string | null>> | null>(null);

  useEffect(() => {
    if (selected.size > MAX_READ) return;
    let current = true;
    void Promise.all([...selected].map((fileId) => call('library.file.get', { fileId }).then((d) => d.comicInfo ?? {})))
      .then((infos) => current && setShared(sharedValues(infos)))
      .catch(() => current && setShared(null));
    return () => {
      current = false;
    };
  }, [selected, call]);

  const patch: ComicInfoPatch = {};
  for (const { field } of EDITOR_FIELDS) {
    if (cleared.has(field)) patch[field] = null;
    else if ((draft[field] ?? '').trim() !== '') patch[field] = draft[field]!.trim();
  }
  const count = Object.keys(patch).length;
  const invalid = EDITOR_FIELDS.some((spec) => !cleared.has(spec.field) && fieldError(spec, draft[spec.field] ?? ''));
  const placeholder = (field: ComicInfoField) => {
    if (!shared) return '(keep)';
    const value = shared[field];
    return value === null ? '(mixed — keep)' : value === '' ? '(empty — keep)' : `${value} (keep)`;
  };

  const toggleClear = (field: ComicInfoField, on: boolean) =>
    setCleared((c) => {
      const next = new Set(c);
      if (on) next.add(field);
      else next.delete(field);
      return next;
    });

  const run = async () => {
    if (await start({ kind: 'edit', fileIds: [...selected], patch })) onClose();
  };

  return (
    <Dialog label="Edit metadata" className="batch-dialog" onClose={onClose}>
      <h2>Edit metadata of {selected.size} files</h2>
      <p className="muted">Fields left empty keep each file's own value.</p>
      <div className="batch-fields">
        {EDITOR_FIELDS.map((spec) => (
          <div key={spec.field} className={`batch-field${shared?.[spec.field] === null ? ' mixed' : ''}`}>
            <FieldInput
              spec={spec}
              value={draft[spec.field] ?? ''}
              error={cleared.has(spec.field) ? null : fieldError(spec, draft[spec.field] ?? '')}
              disabled={cleared.has(spec.field)}
              placeholder={placeholder(spec.field)}
              onChange={(value) => setDraft((d) => ({ ...d, [spec.field]: value }))}
            />
            <label className="clear-field">
              <input type="checkbox" checked={cleared.has(spec.field)} onChange={(e) => toggleClear(spec.field, e.target.checked)} />
              Clear {spec.label}
            </label>
          </div>
        ))}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
        <button type="button" className="primary" disabled={count === 0 || invalid || selected.size === 0} onClick={() => void run()}>
          Apply to {selected.size} files
        </button>
      </div>
    </Dialog>
  );
}
