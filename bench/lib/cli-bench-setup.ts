/** What a benchmark of the built CLI against the AWS CLI needs before it can measure anything. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AWS_CLI } from './machine';

/** The CLI bundle the benchmarks run: what `npm run build:cli` writes. */
export const CLI_BUNDLE = resolve('out/cli/rolecall.mjs');

/** Throws with the next step when the keychain, the AWS CLI or the built CLI is missing. */
export function requireCliBenchComponents(): void {
  if (process.env.ROLECALL_TEST_KEYRING !== 'ready') throw new Error('needs the real keychain: run under scripts/with-test-keyring.sh');
  if (!existsSync(AWS_CLI)) throw new Error(`${AWS_CLI} is missing (apt-get install awscli)`);
  if (!existsSync(CLI_BUNDLE)) throw new Error(`${CLI_BUNDLE} is missing: run "npm run build:cli" first`);
}
