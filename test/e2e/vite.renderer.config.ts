/**
 * Builds only the renderer, exactly as electron-vite's renderer section does but minified, for the
 * end-to-end journeys and the renderer benchmark when the full `electron-vite build` is not wanted
 * (or main/preload do not build at that moment). `RENDERER_OUT_DIR` overrides the output folder.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = resolve(__dirname, '../..');

export default defineConfig({
  root: resolve(root, 'renderer'),
  // loaded from file:// in Electron and from a plain static server in the tests: relative URLs only
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: process.env.RENDERER_OUT_DIR ?? resolve(root, 'out/renderer'),
    emptyOutDir: true,
    minify: true,
    rollupOptions: { input: resolve(root, 'renderer/index.html') },
  },
});
