import { useCallback, useEffect, useState } from 'react';
import type { LogLine } from '../../src-shared/contract/logs.ts';
import { errorText } from '../state/store-deps.ts';
import { useCall } from './stores-context.tsx';

const COUNTS = [200, 500, 2000] as const;

function formatTime(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

/** The end of the current log file, newest last; re-read on demand (logs are not pushed). */
export function LogView() {
  const call = useCall();
  const [count, setCount] = useState<number>(COUNTS[0]);
  const [log, setLog] = useState<{ file: string | null; lines: LogLine[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    call('logs.tail', { lines: count })
      .then((result) => {
        setLog(result);
        setError(null);
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, [count, call]);
  useEffect(load, [load]);

  return (
    <section className="log-view" aria-label="Log">
      <div className="toolbar">
        <span className="muted">{log?.file ?? 'No log file yet'}</span>
        <label>
          Lines
          <select value={count} onChange={(e) => setCount(Number(e.target.value))}>
            {COUNTS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={load}>
          Refresh
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
      <div className="log-lines" role="region" aria-label="Entries" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th>Time</th>
              <th>Level</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {log?.lines.map((line, i) => (
              <tr key={i} className={`log-${line.level}`}>
                <td>{formatTime(line.time)}</td>
                <td>{line.level}</td>
                <td>{line.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
