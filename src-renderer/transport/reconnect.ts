/**
 * When to try the WebSocket again after it drops (docs/ui.md "Disconnected"): quickly at first,
 * since a reload of `serve` takes a second or two, then every 5 s at most, forever — a NAS that
 * reboots comes back to an open tab without a reload.
 */
export const FIRST_RETRY_MS = 250;
export const MAX_RETRY_MS = 5000;

export function nextRetryMs(previousMs: number | null): number {
  return previousMs === null ? FIRST_RETRY_MS : Math.min(previousMs * 2, MAX_RETRY_MS);
}

export type LinkListener = (status: 'connected' | 'reconnecting') => void;
