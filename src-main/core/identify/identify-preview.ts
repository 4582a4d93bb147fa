/**
 * Dry run of an identify job over its whole scope, for the engine's preview sessions
 * (jobs/preview-session.ts keeps the rows for paging, totals and the problems filter, so paging
 * sends no request again): the files are identified for real (requests count against the
 * budget, and are cached, so the job that follows sends none of them again) and the `edit`
 * operation runs with `dryRun`, so the diff is exactly what the job would write.
 */
import { toErrorInfo } from '../../../src-shared/contract/errors.ts';
import type { JobSpec, PreviewItem } from '../../../src-shared/contract/jobs.ts';
import { isOperationItem, type ItemBuilder } from '../jobs/item-builder.ts';
import { itemSourceFor } from '../library/index/item-source.ts';
import type { JobStore } from '../jobs/engine-ports.ts';
import { PREVIEW_CHUNK, toPreviewItem } from '../jobs/preview.ts';
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

export async function previewIdentify(deps: IdentifyPreviewDeps, spec: Extract<JobSpec, { kind: 'identify' }>): Promise<PreviewItem[]> {
  const source = itemSourceFor(spec)!;
  const providers = deps.identify.providers();
  const out: PreviewItem[] = [];
  for (let offset = 0; ; offset += PREVIEW_CHUNK) {
    const { total, rows } = deps.store.sourcePage(source, offset, PREVIEW_CHUNK);
    // One file after another: they share the provider's budget anyway.
    for (const row of rows) {
      const base = { fileId: row.file_id, relPath: row.rel_path };
      const item = deps.items.build(row.file_id, null, spec);
      if (!isOperationItem(item)) {
        out.push(toPreviewItem(base, { state: 'failed', code: item.code, message: item.message }));
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
        // Identification never renames: the row keeps its path whatever the edit reports.
        out.push(toPreviewItem(base, { ...outcome, newRelPath: undefined }));
      } catch (error) {
        const info = toErrorInfo(error);
        out.push(toPreviewItem(base, { state: 'failed', code: info.code, message: info.message }));
      }
    }
    if (offset + PREVIEW_CHUNK >= total || rows.length === 0) return out;
  }
}
