import type { FileStatus } from '../../src-shared/contract/library.ts';

const LABEL: Record<FileStatus, string> = {
  unprocessed: 'Unprocessed',
  processed: 'Processed',
  duplicate: 'Duplicate',
  error: 'Error',
};

export function StatusBadge({ status, error }: { status: FileStatus; error: string | null }) {
  return (
    <span className={`badge badge-${status}`} title={error ?? undefined}>
      {LABEL[status]}
    </span>
  );
}
