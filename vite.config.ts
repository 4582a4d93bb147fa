import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The production renderer bundle: identical for Electron (app:// protocol) and `longbox serve`.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2023',
    sourcemap: true,
  },
});
