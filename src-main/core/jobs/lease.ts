import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** A lease without a heartbeat for this long belongs to a runner that is gone or stuck. */
export const LEASE_TTL_MS = 15_000;
/** Heartbeats also ride on every flush; the timer covers long items with nothing to flush. */
export const HEARTBEAT_MS = 3_000;

/**
 * Who holds a lease: this process's boot. `host:pid:random` lets a later process on the same
 * host tell a dead owner (its pid is gone) from a live one at once, instead of waiting for the
 * lease to expire. The random part makes a recycled pid a different owner.
 */
export interface BootId {
  readonly id: string;
}

export function newBootId(): BootId {
  return { id: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}` };
}

export function newLeaseToken(): string {
  return randomUUID();
}

/**
 * Whether a lease owned by `owner` may still be running somewhere. Errs on "alive": another
 * host, or a pid we cannot signal for permission reasons, is only presumed dead once its
 * heartbeat is older than the TTL.
 */
export function ownerMayBeAlive(owner: string | null, self: BootId, heartbeatAt: number | null, now: number): boolean {
  if (!owner) return false;
  if (owner === self.id) return true;
  if (heartbeatAt === null || now - heartbeatAt > LEASE_TTL_MS) return false;
  return localOwnerAlive(owner) ?? true;
}

/**
 * Whether the process named by a `host:pid:…` owner still runs, or null when it runs on another
 * host (no way to ask). A different owner with our own pid is an earlier boot of it: gone.
 * EPERM means the pid exists under another user: alive.
 */
export function localOwnerAlive(owner: string): boolean | null {
  const [host, pidText] = owner.split(':');
  if (host !== hostname()) return null;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
