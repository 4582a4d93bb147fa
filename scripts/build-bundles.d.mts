/** See build-bundles.mjs. */
type LogLevel = 'info' | 'warning' | 'error' | 'silent';
export function buildElectron(outdir?: string, logLevel?: LogLevel): Promise<void>;
export function buildCli(outdir?: string, logLevel?: LogLevel): Promise<void>;
