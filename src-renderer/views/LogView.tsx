import { useCallback, useEffect, useState } from 'react';
import type { LogLine } from '../../src-shared/contract/logs.ts';
import { errorText } from '../state/store-deps.ts';
import { useCall } from './stores-context.tsx';

const COUNTS = [200, 500, 2000] as const;
/** pino's levels, least to most severe: the filter shows a level and everything above it. */
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
const LEVEL_FILTERS = [
  ['all', 'All levels'],
  ['info', 'Info and above'],
  ['warn', 'Warnings and errors'],
  ['error', 'Errors only'],
] as const;
type LevelFilter = (typeof LEVEL_FILTERS)[number][0];

function shown(line: LogLine, filter: LevelFilter): boolean {
  if (filter === 'all') return true;
  const rank = LEVELS.indexOf(line.level as (typeof LEVELS)[number]);
  return rank >= LEVELS.indexOf(filter);
}

function formatTime(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

/** The end of the current log file, newest last; re-read on demand (logs are not pushed). */
export function LogView() {
  const call = useCall();
  const [count, setCount] = useState<number>(COUNTS[0]);
  const [log, setLog] = useState<{ file: string | null; lines: LogLine[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [level, setLevel] = useState<LevelFilter>('all');
  const load = useCallback(() => {
    call('logs.tail', { lines: count })
      .then((result) => {
        setLog(result);
        setError(null);
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, [count, call]);
  useEffect(load, [load]);
  const lines = (log?.lines ?? []).filter((line) => shown(line, level));

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
        <label>
          Level
          <select value={level} onChange={(e) => setLevel(e.target.value as LevelFilter)}>
            {LEVEL_FILTERS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={load}>
          Refresh
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
      {log && lines.length === 0 && (
        <p className="empty">
          {log.lines.length === 0 ? 'Nothing has been logged yet.' : 'No lines at this level; choose “All levels” to see the rest.'}
        </p>
      )}
      <div className="log-lines" role="region" aria-label="Entries" tabIndex={0} hidden={lines.length === 0}>
        <table>
          <thead>
            <tr>
              <th>Time</th>
              <th>Level</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, i) => (
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
