// Bundles the `rolecall` CLI and the keychain worker into out/cli as CommonJS for plain Node.
// Dependencies stay external (node_modules), so the native keyring binding loads as installed.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', sourcemap: true, logLevel: 'warning' };
await build({
  ...common,
  entryPoints: { rolecall: 'electron/cli/main.ts', 'keychain-worker': 'electron/core/keychain/keychain-worker.ts' },
  outdir: 'out/cli',
  outExtension: { '.js': '.cjs' },
  define: { __ROLECALL_VERSION__: JSON.stringify(version) },
});
