// Bundles the `rolecall` CLI and the keychain worker into out/cli for plain Node.
// - The CLI is ESM with code splitting: `rolecall credential-process`, which the AWS CLI may start
//   many times a minute, loads only its own small chunk — not the AWS SDK, zod or the engine.
// - The keychain worker stays one CommonJS file (it is forked on its own).
// Dependencies stay external (node_modules), so the native keyring binding loads as installed.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const common = { bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning' };
await build({
  ...common,
  entryPoints: { rolecall: 'electron/cli/main.ts' },
  outdir: 'out/cli',
  format: 'esm',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  chunkNames: '[name]-[hash]',
  define: { __ROLECALL_VERSION__: JSON.stringify(version) },
  // the core finds its worker next to the running file, as it does in the CommonJS builds
  banner: {
    js: "import { fileURLToPath as __rcFileURLToPath } from 'node:url'; const __filename = __rcFileURLToPath(import.meta.url);",
  },
});
await build({ ...common, entryPoints: { 'keychain-worker': 'electron/core/keychain/keychain-worker.ts' }, outdir: 'out/cli', format: 'cjs', outExtension: { '.js': '.cjs' } });
