import { useLibrary } from './stores-context.tsx';

/**
 * The first scan of a folder being added: "Listing files…" while the folders are walked (no
 * total yet), then a bar with the count of archives read (docs/ui.md "Adding a folder").
 */
export function ScanProgressBar() {
  const progress = useLibrary((s) => s.scanProgress);
  if (!progress) return null;
  const reading = progress.phase === 'reading' && progress.total > 0;
  const percent = reading ? Math.floor((100 * progress.done) / progress.total) : 0;
  const text = reading ? `Read ${progress.done} of ${progress.total} archives` : 'Listing files…';
  return (
    <div className="scan-progress">
      <div
        role="progressbar"
        aria-label={`Scanning ${progress.path}`}
        aria-valuemin={0}
        aria-valuemax={reading ? progress.total : undefined}
        aria-valuenow={reading ? progress.done : undefined}
        aria-valuetext={reading ? `${percent}% (${text})` : text}
        className="progress"
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="muted">{text}</span>
    </div>
  );
}
