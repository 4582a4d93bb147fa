import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Settings } from '../../src-shared/contract/settings.ts';
import { useSettings, useUi } from './stores-context.tsx';
import { RootsPanel } from './RootsPanel.tsx';
import { changedSettings, fromDraft, toDraft, type SettingsDraft } from './settings-draft.ts';
import { TemplatePreview } from './TemplatePreview.tsx';
import { useSettingsPreview } from './use-settings-preview.ts';

const SETTINGS_OWNER = 'settings';
const WORKER_COUNTS = ['auto', ...Array.from({ length: 32 }, (_, i) => String(i + 1))];

function Row({ id, label, error, children }: { id: string; label: string; error?: string | undefined; children: ReactNode }) {
  return (
    <div className="setting">
      <label htmlFor={id}>{label}</label>
      {children}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

export function SettingsView() {
  const saved = useSettings((s) => s.settings);
  const save = useSettings((s) => s.save);
  const savedAt = useSettings((s) => s.savedAt);
  const setDirty = useUi((s) => s.setDirty);
  const [justSaved, setJustSaved] = useState(false);
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  useEffect(() => {
    if (saved && !draft) setDraft(toDraft(saved));
  }, [saved, draft]);

  const parsed = draft && fromDraft(draft);
  const dirty = !!saved && !!parsed && Object.keys(changedSettings(saved, parsed.settings)).length > 0;
  // Switching views with unsaved settings asks first (use-guarded-leave.ts).
  useEffect(() => setDirty(SETTINGS_OWNER, dirty), [dirty, setDirty]);
  useEffect(() => () => setDirty(SETTINGS_OWNER, false), [setDirty]);
  // The preview gets every valid value typed so far; a broken number keeps its saved value there.
  const { preview, error: previewError } = useSettingsPreview(parsed?.settings ?? null);
  if (!saved || !draft || !parsed) return <p className="empty">Loading settings…</p>;

  const { errors } = parsed;
  const changes = changedSettings(saved, parsed.settings);
  const canSave = Object.keys(changes).length > 0 && Object.keys(errors).length === 0 && preview?.valid === true;
  const set = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) => setDraft({ ...draft, [key]: value });
  const text = (
    key: 'fileNameTemplate' | 'volumeFileNameTemplate' | 'titleTemplate' | 'numberPadding' | 'concurrentJobs' | 'retentionDays' | 'duplicatesFolder' | 'watchStableSeconds',
    extra = {},
  ) => ({
    id: `setting-${key}`,
    value: draft[key],
    'aria-invalid': errors[key] ? true : undefined,
    'aria-describedby': errors[key] ? `setting-${key}-error` : undefined,
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
    ...extra,
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await save(changes)) {
      setDraft(null);
      setJustSaved(true);
    }
  };

  return (
    <div className="settings">
      <RootsPanel />
      <form className="settings-form" aria-label="Settings" onSubmit={(e) => void submit(e)}>
        <h2>Naming</h2>
        <Row id="setting-fileNameTemplate" label="File-name template" error={errors.fileNameTemplate}>
          <input {...text('fileNameTemplate')} spellCheck={false} />
        </Row>
        <Row id="setting-volumeFileNameTemplate" label="Volume files (a volume, no number): name template" error={errors.volumeFileNameTemplate}>
          <input {...text('volumeFileNameTemplate')} spellCheck={false} />
        </Row>
        <Row id="setting-titleTemplate" label="Title template" error={errors.titleTemplate}>
          <input {...text('titleTemplate')} spellCheck={false} />
        </Row>
        <TemplatePreview preview={preview} error={previewError} />
        <Row id="setting-numberPadding" label="Number padding" error={errors.numberPadding}>
          <input {...text('numberPadding', { type: 'number', min: 0, max: 10 })} />
        </Row>
        <Row id="setting-titleMode" label="Write the title">
          <select id="setting-titleMode" value={draft.titleMode} onChange={(e) => set('titleMode', e.target.value as Settings['titleMode'])}>
            <option value="always">Always</option>
            <option value="when-empty">Only when empty</option>
            <option value="never">Never</option>
          </select>
        </Row>
        <label className="check">
          <input type="checkbox" checked={draft.seriesFromFolder} onChange={(e) => set('seriesFromFolder', e.target.checked)} />
          Series from the folder name
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.fillFromName} onChange={(e) => set('fillFromName', e.target.checked)} />
          Fill empty volume, year, month and count from the file name
        </label>
        <Row id="setting-duplicatesFolder" label="Duplicates folder (empty: leave duplicates in place)">
          <input {...text('duplicatesFolder')} placeholder="/path/to/duplicates" />
        </Row>
        <h2>Archives and jobs</h2>
        <Row id="setting-cbrMode" label="CBR files">
          <select id="setting-cbrMode" value={draft.cbrMode} onChange={(e) => set('cbrMode', e.target.value as Settings['cbrMode'])}>
            <option value="read-only">Leave read-only</option>
            <option value="convert">Convert to CBZ (original to the trash)</option>
          </select>
        </Row>
        <Row id="setting-workerCount" label="Worker threads">
          <select id="setting-workerCount" value={draft.workerCount} onChange={(e) => set('workerCount', e.target.value)}>
            {WORKER_COUNTS.map((n) => (
              <option key={n} value={n}>
                {n === 'auto' ? 'Automatic' : n}
              </option>
            ))}
          </select>
        </Row>
        <Row id="setting-concurrentJobs" label="Concurrent jobs" error={errors.concurrentJobs}>
          <input {...text('concurrentJobs', { type: 'number', min: 1, max: 8 })} />
        </Row>
        <Row id="setting-retentionDays" label="Keep finished jobs (days)" error={errors.retentionDays}>
          <input {...text('retentionDays', { type: 'number', min: 1, max: 3650 })} />
        </Row>
        <h2>Watcher</h2>
        <label className="check">
          <input type="checkbox" checked={draft.watcher} onChange={(e) => set('watcher', e.target.checked)} />
          Watch library folders for changes
        </label>
        <Row id="setting-autoProcess" label="Auto-process new files">
          <select id="setting-autoProcess" value={draft.autoProcess} onChange={(e) => set('autoProcess', e.target.value as Settings['autoProcess'])}>
            <option value="off">Off</option>
            <option value="normalize">Normalize</option>
            <option value="process">Process (normalize and rename)</option>
          </select>
        </Row>
        <Row id="setting-watchStableSeconds" label="Stability window (seconds unchanged before a file is handled)" error={errors.watchStableSeconds}>
          <input {...text('watchStableSeconds', { type: 'number', min: 1, max: 3600 })} />
        </Row>
        <h2>Appearance</h2>
        <Row id="setting-theme" label="Theme">
          <select id="setting-theme" value={draft.theme} onChange={(e) => set('theme', e.target.value as Settings['theme'])}>
            <option value="system">System</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </Row>
        <h2>Desktop app</h2>
        <label className="check">
          <input type="checkbox" checked={draft.startAtLogin} onChange={(e) => set('startAtLogin', e.target.checked)} />
          Start at login, in the tray (keeps the library current)
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.autoUpdate} onChange={(e) => set('autoUpdate', e.target.checked)} />
          Install updates automatically
        </label>
        <div className="dialog-actions">
          <button type="button" disabled={Object.keys(changes).length === 0} onClick={() => setDraft(toDraft(saved))}>
            Revert
          </button>
          <button type="submit" className="primary" disabled={!canSave}>
            Save
          </button>
          <span role="status" className="save-state">
            {Object.keys(changes).length > 0 ? 'Unsaved changes' : justSaved && savedAt ? `Saved at ${new Date(savedAt).toLocaleTimeString()}` : ''}
          </span>
        </div>
      </form>
    </div>
  );
}
