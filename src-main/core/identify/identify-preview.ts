/**
 * Dry run of an identify job over one page of its scope: the files are identified for real
 * (requests count against the budget, and are cached, so the job that follows sends none of
 * them again) and the `edit` operation runs with `dryRun`, so the diff is exactly what the job
 * would write.
 */
import { toErrorInfo } from '../../../src-shared/contract/errors.ts';
import type { JobSpec, PreviewItem } from '../../../src-shared/contract/jobs.ts';
import { isOperationItem, type ItemBuilder } from '../jobs/item-builder.ts';
import { itemSourceFor } from '../library/index/item-source.ts';
import type { JobStore } from '../jobs/engine-ports.ts';
import { diffValues } from '../jobs/preview.ts';
import { absPathOf } from '../operations/file-work.ts';
import type { OperationItem, OperationOutcome } from '../operations/operation-types.ts';
import type { IdentifyJobDeps } from './identification.ts';
import { identifyItem } from './identify-item.ts';
import type { Settings } from '../../../src-shared/contract/settings.ts';

export interface IdentifyPreviewDeps {
  store: JobStore;
  items: ItemBuilder;
  identify: IdentifyJobDeps;
  runEdit: (item: OperationItem, dryRun: boolean) => Promise<OperationOutcome>;
  settings: Settings;
}

export async function previewIdentify(
  deps: IdentifyPreviewDeps,
  spec: Extract<JobSpec, { kind: 'identify' }>,
  offset: number,
  limit: number,
): Promise<{ total: number; offset: number; items: PreviewItem[] }> {
  const { total, rows } = deps.store.sourcePage(itemSourceFor(spec)!, offset, limit);
  const providers = deps.identify.providers();
  const items: PreviewItem[] = [];
  // One file after another: they share the provider's budget anyway.
  for (const row of rows) {
    const base = { fileId: row.file_id, relPath: row.rel_path, newRelPath: null };
    const item = deps.items.build(row.file_id, null, spec);
    if (!isOperationItem(item)) {
      items.push({ ...base, state: 'failed', code: item.code, message: item.message, diff: [], actions: [] });
      continue;
    }
    try {
      const { outcome } = await identifyItem(item, absPathOf(item), { ...deps.identify.services, runEdit: deps.runEdit }, {
        providers,
        requested: spec.provider,
        choice: spec.choices.find((c) => c.fileId === item.fileId),
        threshold: deps.settings.identifyThreshold,
        merge: deps.settings.identifyMerge,
        dryRun: true,
      });
      items.push({
        ...base,
        state: outcome.state,
        code: outcome.code ?? null,
        message: outcome.message ?? null,
        diff: diffValues(outcome.before?.values, outcome.after?.values),
        actions: outcome.actions ?? [],
      });
    } catch (error) {
      const info = toErrorInfo(error);
      items.push({ ...base, state: 'failed', code: info.code, message: info.message, diff: [], actions: [] });
    }
  }
  return { total, offset, items };
}
