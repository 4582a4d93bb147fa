/**
 * The `longbox serve` access token, as the page holds it (docs/security.md). The printed URL
 * carries it once as `?token=`; the page moves it into sessionStorage (per tab and, unlike a
 * cookie, per origin including the port, so no other local server ever sees it) and strips it
 * from the address bar and history. A reload finds it in sessionStorage.
 */
const KEY = 'longbox.token';

export function takeServeToken(): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    sessionStorage.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(KEY);
}
