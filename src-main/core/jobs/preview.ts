import { LongboxError } from '../../../src-shared/contract/errors.ts';
import type { FieldDiff, JobSpec, PreviewItem } from '../../../src-shared/contract/jobs.ts';
import type { ComicInfoValues } from '../../../src-shared/contract/comicinfo.ts';
import type { OperationKind, OperationOutcome } from '../operations/operation-types.ts';
import { isOperationItem, type ItemBuilder } from './item-builder.ts';
import { itemSourceFor } from '../library/index/item-source.ts';
import type { WorkerContext } from '../exec/worker-protocol.ts';
import type { Executor, JobStore } from './engine-ports.ts';
import { previewOutcomes } from './preview-totals.ts';

/** Rows dry-run together: enough to keep every worker busy, few enough to bound memory per step. */
export const PREVIEW_CHUNK = 256;

export function diffValues(before: ComicInfoValues | undefined, after: ComicInfoValues | undefined): FieldDiff[] {
  if (!before && !after) return [];
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]) as Set<keyof ComicInfoValues>;
  const diff: FieldDiff[] = [];
  for (const field of fields) {
    const b = before?.[field] ?? null;
    const a = after?.[field] ?? null;
    if (a !== b) diff.push({ field, before: b, after: a });
  }
  return diff;
}

/** A dry-run outcome as a preview row (its outcomes set; batch collisions are flagged later). */
export function toPreviewItem(base: { fileId: number | null; relPath: string }, outcome: OperationOutcome): PreviewItem {
  const item: PreviewItem = {
    ...base,
    newRelPath: outcome.newRelPath ?? null,
    state: outcome.state,
    code: outcome.code ?? null,
    message: outcome.message ?? null,
    diff: diffValues(outcome.before?.values, outcome.after?.values),
    actions: outcome.actions ?? [],
    outcomes: [],
    collidesWith: null,
  };
  item.outcomes = previewOutcomes(item);
  return item;
}

/**
 * Dry run of a job over its whole scope: the same items the job would get, through the same
 * worker pool and operation with `dryRun: true`, so the preview is what the job will do. The
 * caller (preview-session.ts) keeps the rows for paging, totals and collision prediction.
 */
export async function previewAll(
  deps: { store: JobStore; executor: Executor; items: ItemBuilder },
  spec: JobSpec,
  ctx: WorkerContext,
): Promise<PreviewItem[]> {
  const source = itemSourceFor(spec);
  if (!source) throw new LongboxError('INVALID_INPUT', `A ${spec.kind} job has no preview.`);
  const dry: WorkerContext = { ...ctx, dryRun: true };
  const out: PreviewItem[] = [];
  for (let offset = 0; ; offset += PREVIEW_CHUNK) {
    const { total, rows } = deps.store.sourcePage(source, offset, PREVIEW_CHUNK);
    const items = await Promise.all(
      rows.map(async (row): Promise<PreviewItem> => {
        const item = deps.items.build(row.file_id, row.input, spec);
        const base = { fileId: row.file_id, relPath: row.rel_path };
        if (!isOperationItem(item)) return toPreviewItem(base, { state: 'failed', code: item.code, message: item.message });
        const { outcome } = await deps.executor.runOne(spec.kind as OperationKind, item, dry);
        return toPreviewItem({ ...base, relPath: item.relPath }, outcome);
      }),
    );
    out.push(...items);
    if (offset + PREVIEW_CHUNK >= total || rows.length === 0) return out;
  }
}
