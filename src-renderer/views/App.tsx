import { useEffect, useState } from 'react';
import { useJobs } from '../state/jobs-store.ts';
import { useLibrary } from '../state/library-store.ts';
import { JobsPanel } from './JobsPanel.tsx';
import { OperationDialog, type Operation } from './OperationDialog.tsx';
import { LibraryView } from './LibraryView.tsx';
import { RootsPanel } from './RootsPanel.tsx';

export function App() {
  const refresh = useLibrary((s) => s.refresh);
  const error = useLibrary((s) => s.error);
  const busy = useLibrary((s) => s.busy);
  const jobsError = useJobs((s) => s.error);
  const [operation, setOperation] = useState<Operation | null>(null);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return (
    <div className="app">
      <header className="app-header">
        <h1>Longbox</h1>
        <nav aria-label="Operations" className="operations">
          <button type="button" onClick={() => setOperation('process')}>
            Process…
          </button>
          <button type="button" onClick={() => setOperation('rename')}>
            Rename…
          </button>
          <button type="button" onClick={() => setOperation('normalize')}>
            Normalize…
          </button>
        </nav>
        {busy && (
          <span role="status" className="busy">
            {busy}
          </span>
        )}
      </header>
      {(error ?? jobsError) && (
        <div role="alert" className="error-banner">
          {error ?? jobsError}
          <button
            type="button"
            onClick={() => {
              useLibrary.setState({ error: null });
              useJobs.setState({ error: null });
            }}
          >
            Dismiss
          </button>
        </div>
      )}
      <div className="app-body">
        <aside className="sidebar">
          <RootsPanel />
        </aside>
        <main className="content">
          <JobsPanel />
          <LibraryView />
        </main>
      </div>
      {operation && <OperationDialog operation={operation} onClose={() => setOperation(null)} />}
    </div>
  );
}
