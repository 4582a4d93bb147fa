import { useEffect, useState } from 'react';
import { useJobs } from '../state/jobs-store.ts';
import { useLibrary } from '../state/library-store.ts';
import { useSettings } from '../state/settings-store.ts';
import { useUi, type View } from '../state/ui-store.ts';
import { DeleteDialogHost } from './DeleteDialog.tsx';
import { DuplicateDialogHost } from './DuplicateDialog.tsx';
import { BatchEditDialog } from './BatchEditDialog.tsx';
import { FileDetailsDialog } from './FileDetailsDialog.tsx';
import { HistoryView } from './HistoryView.tsx';
import { IdentifyView } from './identify/IdentifyView.tsx';
import { JobsPanel } from './JobsPanel.tsx';
import { LibraryView } from './LibraryView.tsx';
import { LogView } from './LogView.tsx';
import { OperationDialog, type Operation } from './OperationDialog.tsx';
import { RootsPanel } from './RootsPanel.tsx';
import { SettingsView } from './SettingsView.tsx';

const VIEWS: Array<{ value: View; label: string }> = [
  { value: 'library', label: 'Library' },
  { value: 'identify', label: 'Identify' },
  { value: 'history', label: 'Job history' },
  { value: 'settings', label: 'Settings' },
  { value: 'logs', label: 'Log' },
];

export function App() {
  const refresh = useLibrary((s) => s.refresh);
  const error = useLibrary((s) => s.error);
  const busy = useLibrary((s) => s.busy);
  const jobsError = useJobs((s) => s.error);
  const settingsError = useSettings((s) => s.error);
  const { view, setView, detailsFileId, openDetails, batchEditOpen, openBatchEdit } = useUi();
  const [operation, setOperation] = useState<Operation | null>(null);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const shownError = error ?? jobsError ?? settingsError;
  return (
    <div className="app">
      <header className="app-header">
        <h1>Longbox</h1>
        <nav role="tablist" aria-label="Views" className="views">
          {VIEWS.map((v) => (
            <button key={v.value} type="button" role="tab" aria-selected={view === v.value} onClick={() => setView(v.value)}>
              {v.label}
            </button>
          ))}
        </nav>
        {view === 'library' && (
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
        )}
        {busy && (
          <span role="status" className="busy">
            {busy}
          </span>
        )}
      </header>
      {shownError && (
        <div role="alert" className="error-banner">
          {shownError}
          <button
            type="button"
            onClick={() => {
              useLibrary.setState({ error: null });
              useJobs.setState({ error: null });
              useSettings.setState({ error: null });
            }}
          >
            Dismiss
          </button>
        </div>
      )}
      <div className="app-body">
        {view === 'library' && (
          <aside className="sidebar">
            <RootsPanel />
          </aside>
        )}
        <main className="content">
          <JobsPanel />
          {view === 'library' && <LibraryView />}
          {view === 'identify' && <IdentifyView />}
          {view === 'history' && <HistoryView />}
          {view === 'settings' && <SettingsView />}
          {view === 'logs' && <LogView />}
        </main>
      </div>
      {operation && <OperationDialog operation={operation} onClose={() => setOperation(null)} />}
      {detailsFileId !== null && <FileDetailsDialog fileId={detailsFileId} onClose={() => openDetails(null)} />}
      {batchEditOpen && <BatchEditDialog onClose={() => openBatchEdit(false)} />}
      <DeleteDialogHost />
      <DuplicateDialogHost />
    </div>
  );
}
