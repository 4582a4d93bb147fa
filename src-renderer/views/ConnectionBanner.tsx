import { useConnection } from './stores-context.tsx';

/** "Disconnected — reconnecting…" while the link is down; gone once it is back (docs/ui.md). */
export function ConnectionBanner() {
  const status = useConnection((s) => s.status);
  if (status === 'connected') return null;
  return (
    <div role="alert" className="connection-banner">
      Disconnected from Longbox — reconnecting… Nothing is lost: running jobs go on without this window.
    </div>
  );
}
