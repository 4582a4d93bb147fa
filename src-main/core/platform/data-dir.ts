import { homedir } from 'node:os';
import { join } from 'node:path';

/** The platform's app-data folder for Longbox (same place Electron's `userData` resolves to). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.LONGBOX_DATA_DIR) return env.LONGBOX_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Longbox');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Longbox');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Longbox');
}

/** Where each kind of state lives inside the data folder. */
export function dataPaths(dataDir: string) {
  return {
    database: join(dataDir, 'longbox.db'),
    logs: join(dataDir, 'logs'),
    journals: join(dataDir, 'journals'),
  };
}
