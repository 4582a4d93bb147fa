import type { FileStatus } from '../../src-shared/contract/library.ts';

const LABEL: Record<FileStatus, string> = {
  unprocessed: 'Unprocessed',
  processed: 'Processed',
  duplicate: 'Duplicate',
  error: 'Error',
};

export function StatusBadge({ status }: { status: FileStatus }) {
  return <span className={`badge badge-${status}`}>{LABEL[status]}</span>;
}
