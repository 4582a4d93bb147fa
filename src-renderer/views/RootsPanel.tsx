import { useEffect, useState, type FormEvent } from 'react';
import { useCall, useConfirm, useLibrary } from './stores-context.tsx';

export function RootsPanel() {
  const roots = useLibrary((s) => s.roots);
  const addRoot = useLibrary((s) => s.addRoot);
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
    if (path.trim() && (await addRoot(path.trim()))) setPath('');
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
        />
        <button type="submit" disabled={!!busy}>
          Add folder
        </button>
      </form>
      <button type="button" disabled={!!busy || roots.length === 0} onClick={() => void scan()}>
        Scan library
      </button>
    </section>
  );
}
