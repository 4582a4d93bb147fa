import type { JobScope, JobSpec } from '../../../src-shared/contract/jobs.ts';

function scopeLabel(scope: JobScope): string {
  if (scope.type === 'selected') return `${scope.fileIds.length} selected file${scope.fileIds.length === 1 ? '' : 's'}`;
  return scope.type === 'all' ? 'all files' : 'unprocessed files';
}

/**
 * The job's human title: shown in the jobs panel, notifications and history, and the accessible
 * name of its progress bar (docs/behaviour.md §5).
 */
export function jobTitle(spec: JobSpec, original?: { title: string }): string {
  switch (spec.kind) {
    case 'process':
      return `Process ${scopeLabel(spec.scope)}`;
    case 'rename':
      return `Rename ${scopeLabel(spec.scope)}`;
    case 'normalize':
      return `Normalize ${scopeLabel(spec.scope)}`;
    case 'convert':
      return `Convert CBR to CBZ (${scopeLabel(spec.scope)})`;
    case 'move-duplicate':
      return `Move duplicates (${scopeLabel(spec.scope)})`;
    case 'edit':
      return `Edit metadata of ${spec.fileIds.length} file${spec.fileIds.length === 1 ? '' : 's'}`;
    case 'delete':
      return `Delete ${spec.fileIds.length} file${spec.fileIds.length === 1 ? '' : 's'} (to the trash)`;
    case 'keep-both':
      return `Keep both: rename ${spec.fileIds.length} duplicate${spec.fileIds.length === 1 ? '' : 's'}`;
    case 'undo':
      return `Undo “${original?.title ?? spec.jobId}”`;
    case 'scan':
      return 'Scan library';
    case 'noop':
      return `No-op (${scopeLabel(spec.scope)})`;
    case 'identify':
      return spec.choices.length ? `Apply identification to ${scopeLabel(spec.scope)}` : `Identify ${scopeLabel(spec.scope)} online`;
    default:
      return spec satisfies never;
  }
}

/** What the `scope` column records, for history and display (the items are the real scope). */
export function jobScope(spec: JobSpec): unknown {
  switch (spec.kind) {
    case 'edit':
      return { type: 'selected', count: spec.fileIds.length, fields: Object.keys(spec.patch) };
    case 'delete':
    case 'keep-both':
      return { type: 'selected', count: spec.fileIds.length };
    case 'undo':
      return { type: 'undo', jobId: spec.jobId };
    case 'scan':
      return { type: 'scan', rootId: spec.rootId };
    default:
      return spec.scope.type === 'selected' ? { type: 'selected', count: spec.scope.fileIds.length } : spec.scope;
  }
}
