import { useState } from 'react';
import type { ComicInfoField, ComicInfoPatch } from '../../src-shared/contract/comicinfo.ts';
import { useJobs } from '../state/jobs-store.ts';
import { useLibrary } from '../state/library-store.ts';
import { FieldInput } from './FieldInput.tsx';
import { BATCH_FIELDS, fieldError, type Draft } from './metadata-fields.ts';

/**
 * Sets a few shared fields on all selected files. A field left empty is not touched; "Clear"
 * removes it from every file; only those are sent, as one `edit` job.
 */
export function BatchEditDialog({ onClose }: { onClose(): void }) {
  const selected = useLibrary((s) => s.selected);
  const start = useJobs((s) => s.start);
  const [draft, setDraft] = useState<Draft>({});
  const [cleared, setCleared] = useState<Set<ComicInfoField>>(new Set());

  const patch: ComicInfoPatch = {};
  for (const { field } of BATCH_FIELDS) {
    if (cleared.has(field)) patch[field] = null;
    else if ((draft[field] ?? '').trim() !== '') patch[field] = draft[field]!.trim();
  }
  const count = Object.keys(patch).length;
  const invalid = BATCH_FIELDS.some((spec) => !cleared.has(spec.field) && fieldError(spec, draft[spec.field] ?? ''));

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
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div role="dialog" aria-modal="true" aria-label="Edit metadata" className="dialog batch-dialog">
        <h2>Edit metadata of {selected.size} files</h2>
        <p className="muted">Fields left empty keep each file's own value.</p>
        <div className="batch-fields">
          {BATCH_FIELDS.map((spec) => (
            <div key={spec.field} className="batch-field">
              <FieldInput
                spec={spec}
                value={draft[spec.field] ?? ''}
                error={cleared.has(spec.field) ? null : fieldError(spec, draft[spec.field] ?? '')}
                disabled={cleared.has(spec.field)}
                placeholder="(keep)"
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
      </div>
    </div>
  );
}
