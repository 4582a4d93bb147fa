import { useEffect } from 'react';
import { useHistory } from './stores-context.tsx';
import { JobDetail } from './JobDetail.tsx';
import { JobHistoryList } from './JobHistoryList.tsx';

/** Job history: finished and running jobs, newest first; live from job events, never polled. */
export function HistoryView() {
  const refresh = useHistory((s) => s.refresh);
  const error = useHistory((s) => s.error);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return (
    <div className="history">
      {error && <p role="alert">{error}</p>}
      <JobHistoryList />
      <JobDetail />
    </div>
  );
}
