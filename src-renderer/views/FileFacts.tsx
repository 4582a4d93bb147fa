import type { FileDetails } from '../../src-shared/contract/files.ts';
import { formatDate, formatSize } from './format.ts';

/** Where a file is and what it is, as terms of a `<dl>`: shared by the details and the duplicate comparison. */
export function FileFacts({ details }: { details: FileDetails }) {
  const { file } = details;
  return (
    <>
      <dt>Path</dt>
      <dd>{file.relPath}</dd>
      <dt>Size</dt>
      <dd>{formatSize(file.size)}</dd>
      <dt>Pages</dt>
      <dd>{details.pageCount}</dd>
      <dt>Modified</dt>
      <dd>{formatDate(file.mtimeMs)}</dd>
    </>
  );
}
