/**
 * A CLI without a terminal beside the tray app: the code the app needs for `rolecall switch` is
 * asked in the app's popup (the app's MFA broker announces it), and the CLI finishes once it is
 * entered there. The app here is the agent started as the tray app starts it (`holder: 'app'`),
 * in this process; the CLI is the built bin in a child process with stdin not a terminal.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { missing } from '../../fixtures/components';
import { MFA_SERIAL, createWorld, type World } from '../../fixtures/core-harness';
import { rolecall, userEnv } from '../../fixtures/cli-runs';
import { startAgent, type RunningAgent } from '../../../electron/core/agent/agent';
import type { MfaRequest } from '../../../electron/core/sessions/mfa-broker';

describe.skipIf(missing('keyring'))('the app asks in its popup for a CLI that has no terminal', () => {
  let world: World;
  let app: RunningAgent | undefined;
  beforeEach(async () => {
    world = await createWorld();
    const core = await world.core({ holder: 'cli' });
    await core.addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL });
    app = await startAgent({ holder: 'app', version: 'test', env: userEnv(world), home: world.home, keychainService: world.keychainService, appDataDir: world.appDataDir, clock: world.clock });
  });
  afterEach(async () => {
    await app?.close();
    await world.close();
  });

  it('the popup is asked for "rolecall switch admin"; its code finishes the CLI\'s switch, held by the app', async () => {
    const asked = new Promise<MfaRequest>((resolve) => app!.core.on((e) => e.type === 'mfa-required' && resolve(e.request)));
    const cli = rolecall(world, ['switch', 'admin']);
    const request = await asked;
    expect(request).toMatchObject({ mfaSerial: MFA_SERIAL, profiles: ['admin'], reason: 'switch', requestedBy: ['rolecall switch admin'] });
    await app!.core.submitMfaCode(MFA_SERIAL, world.sts.totp(MFA_SERIAL));
    const r = await cli;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The Rolecall app keeps it fresh.');
    expect(app!.core.sessions().map((s) => [s.profile, s.target, s.heldBy])).toEqual([['admin', 'default', 'app']]);
  });
});
