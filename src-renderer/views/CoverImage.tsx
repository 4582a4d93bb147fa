import { useEffect, useState } from 'react';
import type { Cover } from '../../src-shared/contract/files.ts';
import { useCall } from './stores-context.tsx';

/**
 * A cover as a data: URL (the CSP allows data: images and nothing remote). `thumbnail` asks for
 * the small cached JPEG made on a worker (list and grid); without it, the full first page
 * (details).
 */
export function CoverImage({ fileId, name, thumbnail = false }: { fileId: number; name: string; thumbnail?: boolean }) {
  const call = useCall();
  const [cover, setCover] = useState<Cover | null | undefined>(undefined);
  useEffect(() => {
    let current = true;
    setCover(undefined);
    call(thumbnail ? 'library.file.thumbnail' : 'library.file.cover', { fileId })
      .then((result) => current && setCover(result))
      .catch(() => current && setCover(null));
    return () => {
      current = false;
    };
  }, [fileId, thumbnail, call]);
  const className = thumbnail ? 'cover thumb' : 'cover';
  if (cover === undefined) return <div className={`${className} cover-empty`}>{thumbnail ? '' : 'Loading cover…'}</div>;
  if (cover === null) return <div className={`${className} cover-empty`}>{thumbnail ? '' : 'No cover'}</div>;
  return <img className={className} alt={`Cover of ${name}`} src={`data:${cover.mime};base64,${cover.dataBase64}`} />;
}
