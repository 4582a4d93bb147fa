import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** The package's version: what `--version`, the help text and the hosts report. */
export const VERSION = packageJson.version;
