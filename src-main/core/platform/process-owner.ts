import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Names of crash-recovery files (journal slots, rebuild intents, rename intents) say which
 * process wrote them, so that the recovery one process runs at start never touches files a
 * *live* process (the app while the CLI starts, or the other way round) is using right now.
 *
 * The boot id changes at every boot (Linux): a file from an earlier boot belongs to a dead
 * process even if its pid now names a live one — and a power cut always means a reboot.
 * Elsewhere only pids are known: a dead owner whose pid was reused is then taken for alive and
 * its file is left for a later start, never applied blindly.
 */
const BOOT = (() => {
  try {
    return createHash('sha256').update(readFileSync('/proc/sys/kernel/random/boot_id')).digest('hex').slice(0, 8);
  } catch {
    return 'noboot';
  }
})();

/** `<boot>.<pid>`: put it in a file name, read it back with `ownerOfName`. */
export const OWNER_TAG = `${BOOT}.${process.pid}`;

export type Owner = 'self' | 'live' | 'dead';

/**
 * Whose is a file named `<anything>.<boot>.<pid><suffix>` (the suffix may be empty)? null when
 * the name is not of that form.
 */
export function ownerOfName(name: string, suffix: string): Owner | null {
  if (!name.endsWith(suffix)) return null;
  const m = /\.([0-9a-z]+)\.(\d+)$/.exec(name.slice(0, name.length - suffix.length));
  if (!m) return null;
  const [, boot, pid] = m as unknown as [string, string, string];
  if (boot !== BOOT) return 'dead';
  if (Number(pid) === process.pid) return 'self';
  try {
    process.kill(Number(pid), 0);
    return 'live';
  } catch (error) {
    // EPERM: the pid exists but belongs to another user; treat it as alive.
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? 'dead' : 'live';
  }
}
