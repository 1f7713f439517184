/**
 * "The app" for the restart test (`node --import tsx restart-child.ts <mfaCode>`, env from the test's
 * world): a real core on the real keychain switches two roles, says "ready", and waits to be SIGKILLed.
 */
import { createRolecallCore } from '../../electron/core/facade/app-core';

async function main(): Promise<void> {
  const code = process.argv[2] ?? '';
  const core = await createRolecallCore({ env: process.env, stsTimeoutMs: 5000 });
  await core.switchTo('admin', { target: 'work', mfaCode: code });
  await core.switchTo('readonly', { target: 'ro' });
  process.stdout.write('ready\n');
  setInterval(() => undefined, 1000); // stay alive like the app
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
