/**
 * The built renderer the browser tests load. `npm test` builds first (electron-vite → out/renderer);
 * when that output is missing or older than the renderer sources, the renderer alone is built with
 * test/e2e/vite.renderer.config.ts into a private temp folder (no races between test files).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export const ROOT = resolve(__dirname, '../../..');
const BUILT = join(ROOT, 'out/renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

let cached: string | undefined;

/** The folder holding the built `index.html` and `assets/`. */
export function builtRenderer(): string {
  if (cached) return cached;
  const index = join(BUILT, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(join(ROOT, 'renderer'))) return (cached = BUILT);
  const out = mkdtempSync(join(tmpdir(), 'rolecall-renderer-'));
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(ROOT, 'test/e2e/vite.renderer.config.ts')], {
    cwd: ROOT,
    env: { ...process.env, RENDERER_OUT_DIR: out },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return (cached = out);
}

/** The page bridge (real preload `createApi` over the Playwright binding), as one script. */
export async function pageBridgeScript(): Promise<string> {
  const result = await build({
    entryPoints: [join(__dirname, 'page-bridge.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export const AXE_PATH = join(ROOT, 'node_modules/axe-core/axe.min.js');
