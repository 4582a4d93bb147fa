import { useAnnouncer } from './stores-context.tsx';

/** The one polite live region: job ends (and what else the announcer gets) are read out. */
export function LiveRegion() {
  const message = useAnnouncer((s) => s.message);
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {message && <span key={message.n}>{message.text}</span>}
    </div>
  );
}
