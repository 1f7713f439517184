/**
 * `asarUnpack` holds exactly what plain Node needs outside app.asar to run the packaged CLI
 * (credential_process runs `node …/app.asar.unpacked/bin/rolecall.cjs`): computed from the built
 * CLI (npm test builds it first) and judged by electron-builder's own asarUnpack matcher, so a
 * new dependency of the CLI that the list misses fails here, and so does a pattern that would
 * unpack a package the CLI never loads (React).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { installedClosure, packageOf, runtimeRequires, type RuntimeRequires } from './runtime-packages';

const ROOT = resolve(__dirname, '../../..');
const require = createRequire(import.meta.url);
const { getFileMatchers } = require('app-builder-lib/out/fileMatcher') as {
  getFileMatchers(config: unknown, name: string, dest: string, options: { macroExpander: (s: string) => string; customBuildOptions: unknown; globalOutDir: string; defaultSrc: string }): Array<{ createFilter(): (file: string, stat: { isDirectory(): boolean }) => boolean }> | null;
};

const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const matcher = getFileMatchers(config, 'asarUnpack', join(ROOT, 'dist/app'), { macroExpander: (s) => s, customBuildOptions: {}, globalOutDir: join(ROOT, 'dist'), defaultSrc: ROOT })![0]!;
const filter = matcher.createFilter();
const asFile = { isDirectory: () => false };
/** Whether electron-builder would put this project file outside the archive. */
const unpacked = (file: string): boolean => filter(join(ROOT, file), asFile);

describe('asarUnpack', () => {
  let cli: RuntimeRequires;
  let cliPackages: string[];
  let shipped: string[];

  beforeAll(async () => {
    expect(existsSync(join(ROOT, 'out/cli/rolecall.mjs')), 'out/cli is built by `npm run build` (npm test runs it)').toBe(true);
    cli = await runtimeRequires(ROOT, ['bin/rolecall.cjs', 'out/cli/keychain-worker.cjs']);
    cliPackages = installedClosure(ROOT, cli.packages);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    shipped = installedClosure(ROOT, Object.keys(pkg.dependencies));
  });

  it('sees every load of the built CLI: its static and dynamic imports and createRequire loads, none opaque', () => {
    expect(cli.files.some((f) => f.startsWith('out/cli/chunk-'))).toBe(true);
    // the keychain binding is loaded with createRequire, which esbuild does not follow
    expect(cli.packages).toEqual(expect.arrayContaining(['@napi-rs/keyring', '@aws-sdk/client-sts', 'zod']));
    expect(cli.opaque).toEqual([]);
  });

  it('unpacks the CLI itself and its worker, and nothing of the app that Electron reads from the archive', () => {
    for (const file of cli.files) expect(unpacked(file), file).toBe(true);
    for (const file of ['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html', 'package.json']) expect(unpacked(file), file).toBe(false);
  });

  it('unpacks every installed package the CLI loads, directly or through its dependencies', () => {
    expect(cliPackages.length).toBeGreaterThan(cli.packages.length);
    for (const dir of cliPackages) {
      expect(unpacked(`${dir}/package.json`), dir).toBe(true);
      // and their files, not only the manifest (a nested file of the package)
      expect(unpacked(`${dir}/dist/index.js`), dir).toBe(true);
    }
  });

  it('unpacks no shipped package the CLI does not load (e.g. React stays in the archive)', () => {
    const extra = shipped.filter((dir) => !cliPackages.includes(dir) && unpacked(`${dir}/package.json`));
    expect(extra).toEqual([]);
    expect(shipped.filter((dir) => !cliPackages.includes(dir))).toEqual(expect.arrayContaining(['node_modules/react', 'node_modules/react-dom']));
  });

  it('the scan itself: a createRequire load is a requirement, a computed require is opaque', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolecall-scan-'));
    try {
      writeFileSync(join(dir, 'entry.cjs'), "const { createRequire } = require('node:module');\nconst a = createRequire(__filename)('left-pad');\nconst b = require('@scope/thing/sub');\nconst name = process.argv[2];\nconst c = require(name);\nimport('./chunk.mjs');\n");
      writeFileSync(join(dir, 'chunk.mjs'), "import 'fs/promises';\nimport z from 'zod';\n");
      const scan = await runtimeRequires(dir, ['entry.cjs']);
      expect(scan.packages).toEqual(['@scope/thing', 'left-pad', 'zod']);
      expect(scan.files.sort()).toEqual(['chunk.mjs', 'entry.cjs']);
      expect(scan.opaque).toHaveLength(1);
      expect(scan.opaque[0]).toContain('require(name)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(packageOf('node:fs')).toBeUndefined();
    expect(packageOf('<runtime>')).toBeUndefined();
  });
});
