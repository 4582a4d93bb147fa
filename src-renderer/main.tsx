import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createStores, startStores } from './state/stores.ts';
import { connect } from './transport/connect.ts';
import { App } from './views/App.tsx';
import { StoresProvider } from './views/stores-context.tsx';
import './styles.css';

// The one place a window connects: stores get the client injected (docs/ui.md "State").
const connection = connect();
const stores = createStores(connection.client, {
  onReconnect: connection.onReconnect,
  // `system` leaves the colours to `prefers-color-scheme`; light/dark pin them (styles.css).
  applyTheme: (theme) => {
    document.documentElement.dataset.theme = theme;
  },
});
connection.onStatus((status) => stores.connection.getState().setStatus(status, Date.now()));
void startStores(stores);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoresProvider value={stores}>
      <App />
    </StoresProvider>
  </StrictMode>,
);
