import { useState } from 'react';
import type { JobScope } from '../../src-shared/contract/jobs.ts';
import { PreviewTable } from './PreviewTable.tsx';
import { useJobs } from '../state/jobs-store.ts';
import { useLibrary } from '../state/library-store.ts';

export type Operation = 'process' | 'rename' | 'normalize';

const TITLES: Record<Operation, string> = { process: 'Process', rename: 'Rename', normalize: 'Normalize' };

/** Scope choice, dry-run preview (old → new name, field diff, problems), then start the job. */
export function OperationDialog({ operation, onClose }: { operation: Operation; onClose(): void }) {
  const selected = useLibrary((s) => s.selected);
  const counts = useLibrary((s) => s.counts);
  const start = useJobs((s) => s.start);
  const [scopeType, setScopeType] = useState<JobScope['type']>(selected.size > 0 ? 'selected' : 'unprocessed');
  const [scopeTotal, setScopeTotal] = useState<number | null>(null);

  const scope: JobScope =
    scopeType === 'selected' ? { type: 'selected', fileIds: [...selected] } : { type: scopeType, rootId: null };

  const spec = scope.type === 'selected' && scope.fileIds.length === 0 ? null : { kind: operation, scope };

  const run = async () => {
    if (await start({ kind: operation, scope })) onClose();
  };

  const title = `${TITLES[operation]} files`;
  return (
    <div className="dialog-backdrop">
      <div role="dialog" aria-modal="true" aria-label={title} className="dialog">
        <h2>{title}</h2>
        <fieldset>
          <legend>Which files</legend>
          {(
            [
              ['all', `All files (${counts.all})`],
              ['unprocessed', `Unprocessed files (${counts.unprocessed})`],
              ['selected', `Selected files (${selected.size})`],
            ] as const
          ).map(([value, label]) => (
            <label key={value}>
              <input
                type="radio"
                name="scope"
                value={value}
                checked={scopeType === value}
                disabled={value === 'selected' && selected.size === 0}
                onChange={() => setScopeType(value)}
              />
              {label}
            </label>
          ))}
        </fieldset>
        <PreviewTable spec={spec} onLoaded={setScopeTotal} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button type="button" className="primary" disabled={!scopeTotal} onClick={() => void run()}>
            Start
          </button>
        </div>
      </div>
    </div>
  );
}
