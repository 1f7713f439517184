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
    // `npm run dev` only: Vite's dev server injects an inline React-refresh preamble and talks over a
    // websocket, which the production CSP (default-src 'self', no inline script) rightly forbids.
    plugins: [react(), devServerCsp()],
    // minified: this is what users download and what the bundle-size benchmark measures
    build: { outDir: 'out/renderer', minify: true, rollupOptions: { input: resolve(__dirname, 'renderer/index.html') } },
  },
});

function devServerCsp() {
  return {
    name: 'rolecall-dev-csp',
    apply: 'serve' as const,
    transformIndexHtml: (html: string) =>
      html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws:"),
  };
}
