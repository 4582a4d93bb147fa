/**
 * The renderer's Content-Security-Policy, the same from `app://longbox` (Electron) and from
 * `longbox serve`: only our own scripts, no eval, no plugins, no framing, no form posts.
 * Inline styles are allowed for the virtual list's row positioning.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
