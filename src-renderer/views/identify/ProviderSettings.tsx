import { useEffect, useState, type FormEvent } from 'react';
import type { ProviderStatus } from '../../../src-shared/contract/identify.ts';
import { useCall } from '../stores-context.tsx';

const LABEL: Record<ProviderStatus['name'], string> = { comicvine: 'Comic Vine', metron: 'Metron', anilist: 'AniList' };

/**
 * Credentials of the online metadata sources. Keys go in and never come back: the core only
 * answers whether a provider is configured (docs/identify.md).
 */
export function ProviderSettings() {
  const call = useCall();
  const [statuses, setStatuses] = useState<ProviderStatus[] | null>(null);
  const [apiKey, setApiKey] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    call('identify.providers').then(setStatuses, (error: Error) => setMessage(error.message));
  }, []);

  const save = (input: Parameters<typeof call<'identify.credentials.set'>>[1], done: string) => async (event: FormEvent) => {
    event.preventDefault();
    try {
      setStatuses(await call('identify.credentials.set', input));
      setMessage(done);
      setApiKey('');
      setPassword('');
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  return (
    <section className="provider-settings" aria-labelledby="providers-heading">
      <h2 id="providers-heading">Online metadata sources</h2>
      <ul className="provider-list">
        {statuses?.map((s) => (
          <li key={s.name}>
            <strong>{LABEL[s.name]}</strong> — {s.configured ? 'configured' : 'no credentials'}
            {s.blockedUntil !== null && ` · quota spent until ${new Date(s.blockedUntil).toLocaleTimeString()}`}
            <span className="provider-url"> · {s.baseUrl}</span>
          </li>
        ))}
      </ul>
      <form onSubmit={save({ provider: 'comicvine', apiKey: apiKey || null }, 'Comic Vine key saved.')} className="provider-form">
        <label htmlFor="comicvine-key">Comic Vine API key</label>
        <input id="comicvine-key" type="password" autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.target.value)} />
        <button type="submit">Save Comic Vine key</button>
      </form>
      <form onSubmit={save({ provider: 'metron', user: user || null, password: password || null }, 'Metron account saved.')} className="provider-form">
        <label htmlFor="metron-user">Metron user</label>
        <input id="metron-user" autoComplete="off" value={user} onChange={(e) => setUser(e.target.value)} />
        <label htmlFor="metron-password">Metron password</label>
        <input id="metron-password" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit">Save Metron account</button>
      </form>
      {message && (
        <p role="status" className="provider-message">
          {message}
        </p>
      )}
    </section>
  );
}
