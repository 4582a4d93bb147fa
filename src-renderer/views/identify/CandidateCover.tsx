import { useEffect, useState } from 'react';
import { useCall } from '../stores-context.tsx';

/** A candidate's cover, fetched (and cached) by the core: the CSP lets no remote image in. */
export function CandidateCover({ url, name }: { url: string | null; name: string }) {
  const call = useCall();
  const [src, setSrc] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let current = true;
    if (!url) {
      setSrc(null);
      return;
    }
    call('identify.cover', { url })
      .then((cover) => current && setSrc(cover ? `data:${cover.mime};base64,${cover.dataBase64}` : null))
      .catch(() => current && setSrc(null));
    return () => {
      current = false;
    };
  }, [url]);
  if (src === undefined) return <div className="cover cover-empty">Loading cover…</div>;
  if (src === null) return <div className="cover cover-empty">No cover</div>;
  return <img className="cover" alt={`Cover of ${name}`} src={src} />;
}
