import { defineConfig } from '@playwright/test';

// The Electron smoke test: its own config, because it launches the desktop app instead of a
// browser (`_electron.launch`). `npm run test:electron`; the release workflow runs it per OS.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
});
