import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';

/** main and preload bundle for Node (deps stay external, incl. the native keyring); renderer for the sandboxed web page. */
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          'keychain-worker': resolve(__dirname, 'electron/core/keychain/keychain-worker.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') }, output: { format: 'cjs' } },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    // minified: this is what users download and what the bundle-size benchmark measures
    build: { outDir: 'out/renderer', minify: true, rollupOptions: { input: resolve(__dirname, 'renderer/index.html') } },
  },
});
