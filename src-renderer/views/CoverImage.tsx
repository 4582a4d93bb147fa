import { useEffect, useState } from 'react';
import type { Cover } from '../../src-shared/contract/files.ts';
import { useCall } from './stores-context.tsx';

/** The first page as a data: URL (the CSP allows data: images and nothing remote). */
export function CoverImage({ fileId, name }: { fileId: number; name: string }) {
  const call = useCall();
  const [cover, setCover] = useState<Cover | null | undefined>(undefined);
  useEffect(() => {
    let current = true;
    setCover(undefined);
    call('library.file.cover', { fileId })
      .then((result) => current && setCover(result))
      .catch(() => current && setCover(null));
    return () => {
      current = false;
    };
  }, [fileId]);
  if (cover === undefined) return <div className="cover cover-empty">Loading cover…</div>;
  if (cover === null) return <div className="cover cover-empty">No cover</div>;
  return <img className="cover" alt={`Cover of ${name}`} src={`data:${cover.mime};base64,${cover.dataBase64}`} />;
}
