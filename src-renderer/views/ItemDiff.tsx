import type { ComicInfoField } from '../../src-shared/contract/comicinfo.ts';
import type { JobItem } from '../../src-shared/contract/jobs.ts';

/** Before → after of one job item: its file name, and every ComicInfo field that changed. */
export function ItemDiff({ item }: { item: JobItem }) {
  const { before, after } = item;
  if (!before || !after) return null;
  const fields = [...new Set([...Object.keys(before.values), ...Object.keys(after.values)])] as ComicInfoField[];
  const changed = fields.filter((field) => before.values[field] !== after.values[field]);
  return (
    <div className="diff">
      {before.relPath !== after.relPath && (
        <div className="diff-name">
          <del>{before.relPath}</del> → <ins>{after.relPath}</ins>
        </div>
      )}
      {changed.map((field) => (
        <div key={field}>
          {field}: <del>{before.values[field] ?? '—'}</del> → <ins>{after.values[field] ?? '—'}</ins>
        </div>
      ))}
    </div>
  );
}
