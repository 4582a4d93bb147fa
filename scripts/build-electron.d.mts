/** See build-electron.mjs. */
export function buildElectron(outdir?: string, logLevel?: 'info' | 'warning' | 'error' | 'silent'): Promise<void>;
