import { useRef, useState } from 'react';
import type { View } from '../state/ui-store.ts';
import { DeleteDialogHost } from './DeleteDialog.tsx';
import { DuplicateDialogHost } from './DuplicateDialog.tsx';
import { BatchEditDialog } from './BatchEditDialog.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { FileDetailsDialog } from './FileDetailsDialog.tsx';
import { HistoryView } from './HistoryView.tsx';
import { IdentifyView } from './identify/IdentifyView.tsx';
import { JobsPanel } from './JobsPanel.tsx';
import { LibraryView } from './LibraryView.tsx';
import { LiveRegion } from './LiveRegion.tsx';
import { LogView } from './LogView.tsx';
import { OperationDialog, type Operation } from './OperationDialog.tsx';
import { RootsPanel } from './RootsPanel.tsx';
import { SettingsView } from './SettingsView.tsx';
import { useGuardedLeave } from './use-guarded-leave.ts';
import { useConfirm, useHistory, useJobs, useLibrary, useSettings, useStores, useUi } from './stores-context.tsx';

const VIEWS: Array<{ value: View; label: string }> = [
  { value: 'library', label: 'Library' },
  { value: 'identify', label: 'Identify' },
  { value: 'history', label: 'Job history' },
  { value: 'settings', label: 'Settings' },
  { value: 'logs', label: 'Log' },
];

export function App() {
  const stores = useStores();
  const shownError = [useLibrary((s) => s.error), useJobs((s) => s.error), useSettings((s) => s.error), useHistory((s) => s.error)].find(Boolean);
  const busy = useLibrary((s) => s.busy);
  const { view, setView, detailsFileId, openDetails, batchEditOpen, openBatchEdit, drawerOpen, setDrawerOpen } = useUi();
  const leave = useGuardedLeave();
  const [operation, setOperation] = useState<Operation | null>(null);
  const drawerToggle = useRef<HTMLButtonElement>(null);
  // The drawer hands focus back to its toggle when it closes (docs/ui.md "Phones").
  const closeDrawer = () => {
    setDrawerOpen(false);
    drawerToggle.current?.focus();
  };
  const confirming = useConfirm((s) => s.pending !== null);
  // Behind a modal dialog the page is inert: no focus, no clicks, not read (docs/ui.md "Keyboard").
  const otherDialog = useUi((s) => s.deleteFileIds !== null || s.compareFileId !== null);
  const modal = operation !== null || detailsFileId !== null || batchEditOpen || otherDialog || confirming;
  const dismissErrors = () => {
    stores.library.setState({ error: null });
    stores.jobs.setState({ error: null });
    stores.settings.setState({ error: null });
    stores.history.setState({ error: null });
  };

  return (
    <div className="app">
      <div className="app-page" inert={modal}>
      <header className="app-header">
        {view === 'library' && (
          <button ref={drawerToggle} type="button" className="drawer-toggle" aria-expanded={drawerOpen} aria-controls="sidebar" onClick={() => setDrawerOpen(!drawerOpen)}>
            Folders
          </button>
        )}
        <h1>Longbox</h1>
        <nav aria-label="Views" className="views">
          {VIEWS.map((v) => (
            <button key={v.value} type="button" aria-current={view === v.value ? 'page' : undefined} onClick={() => void leave(() => setView(v.value))}>
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
            <span className="spinner" aria-hidden="true" />
            {busy}
          </span>
        )}
      </header>
      <ConnectionBanner />
      {shownError && (
        <div role="alert" className="error-banner">
          {shownError}
          <button type="button" onClick={dismissErrors}>
            Dismiss
          </button>
        </div>
      )}
      <div className="app-body">
        {view === 'library' && (
          <aside
            id="sidebar"
            className={`sidebar${drawerOpen ? ' drawer-open' : ''}`}
            aria-label="Library folders"
            onKeyDown={(e) => e.key === 'Escape' && closeDrawer()}
          >
            <button type="button" className="drawer-close" onClick={closeDrawer}>
              Close folders
            </button>
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
      </div>
      {operation && <OperationDialog operation={operation} onClose={() => setOperation(null)} />}
      {detailsFileId !== null && <FileDetailsDialog fileId={detailsFileId} onClose={() => openDetails(null)} />}
      {batchEditOpen && <BatchEditDialog onClose={() => openBatchEdit(false)} />}
      <DeleteDialogHost />
      <DuplicateDialogHost />
      <ConfirmDialog />
      <LiveRegion />
    </div>
  );
}
