import { useEffect, useState, type FormEvent } from 'react';
import type { Root, WatchMode } from '../../src-shared/contract/library.ts';
import { useCall, useConfirm, useLibrary } from './stores-context.tsx';
import { watchStatusText } from './watch-status.ts';
import { useAddFolder } from './use-add-folder.ts';
import { ScanProgressBar } from './ScanProgressBar.tsx';

const MODE_LABELS: Record<WatchMode, string> = { auto: 'Automatic', events: 'File-system events', poll: 'Poll' };

/** How one folder is watched: live status, mode and poll interval. */
function RootWatch({ root }: { root: Root }) {
  const state = useLibrary((s) => s.watch[root.id]);
  const setWatchMode = useLibrary((s) => s.setWatchMode);
  const [minutes, setMinutes] = useState(String(root.pollMinutes));
  useEffect(() => setMinutes(String(root.pollMinutes)), [root.pollMinutes]);
  const id = `root-${root.id}`;
  const saveMinutes = () => {
    const n = Number(minutes);
    if (Number.isInteger(n) && n >= 1 && n <= 1440 && n !== root.pollMinutes) void setWatchMode(root.id, root.watchMode, n);
    else setMinutes(String(root.pollMinutes));
  };
  return (
    <div className="root-watch">
      <span role="status" aria-label={`Watcher of ${root.path}`} className={`watch-state watch-${state?.state ?? 'off'}`}>
        {watchStatusText(root, state)}
      </span>
      <label htmlFor={`${id}-mode`}>Watch</label>
      <select id={`${id}-mode`} value={root.watchMode} onChange={(e) => void setWatchMode(root.id, e.target.value as WatchMode, root.pollMinutes)}>
        {(Object.keys(MODE_LABELS) as WatchMode[]).map((mode) => (
          <option key={mode} value={mode}>
            {MODE_LABELS[mode]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-minutes`}>every (min)</label>
      <input
        id={`${id}-minutes`}
        type="number"
        min={1}
        max={1440}
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
        onBlur={saveMinutes}
      />
    </div>
  );
}


export function RootsPanel() {
  const roots = useLibrary((s) => s.roots);
  const addRoot = useLibrary((s) => s.addRoot);
  const { add, problem } = useAddFolder();
  const removeRoot = useLibrary((s) => s.removeRoot);
  const scan = useLibrary((s) => s.scan);
  const busy = useLibrary((s) => s.busy);
  const call = useCall();
  const ask = useConfirm((s) => s.ask);
  const [path, setPath] = useState('');
  const [nativePicker, setNativePicker] = useState(false);
  useEffect(() => {
    void call('app.info').then((info) => setNativePicker(info.nativeFolderPicker));
  }, [call]);

  const pick = async () => {
    const chosen = await call('library.roots.pick');
    if (chosen) await addRoot(chosen);
  };

  const confirmRemove = async (root: (typeof roots)[number]) => {
    const ok = await ask({
      title: `Remove ${root.path}?`,
      body: `Its ${root.fileCount} files leave the library index. Nothing on disk is touched; add the folder again to get them back.`,
      confirmLabel: 'Remove folder',
    });
    if (ok) await removeRoot(root.id);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (path.trim() && (await add(path.trim()))) setPath('');
  };

  return (
    <section aria-labelledby="roots-heading" className="roots">
      <h2 id="roots-heading">Library folders</h2>
      <ul>
        {roots.map((root) => (
          <li key={root.id} className={root.online ? '' : 'offline'}>
            <span className="root-path" title={root.path}>
              {root.path}
            </span>
            <span className="root-meta">
              {root.fileCount} files{root.online ? '' : ' · offline'}
            </span>
            <button type="button" aria-label={`Remove ${root.path}`} onClick={() => void confirmRemove(root)}>
              Remove
            </button>
            <RootWatch root={root} />
          </li>
        ))}
      </ul>
      {nativePicker && (
        <button type="button" disabled={!!busy} onClick={() => void pick()}>
          Choose folder…
        </button>
      )}
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="root-path">Folder path</label>
        <input
          id="root-path"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="/path/to/comics"
          autoComplete="off"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'root-path-problem' : undefined}
        />
        <button type="submit" disabled={!!busy}>
          Add folder
        </button>
        {problem && (
          <p id="root-path-problem" role="alert" className="form-problem">
            {problem}
          </p>
        )}
      </form>
      <ScanProgressBar />
      <button type="button" disabled={!!busy || roots.length === 0} onClick={() => void scan()}>
        Scan library
      </button>
    </section>
  );
}
