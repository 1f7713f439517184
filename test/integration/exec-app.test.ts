/**
 * `rolecall exec` with the app running: the session comes over the app's credential_process socket
 * (the app's core and socket server run in this test process, as the bench does), so execs share
 * the app's cached session and its MFA popup instead of resolving on their own. The proof is the
 * access key: the app's cached one, not a fresh AssumeRole. Also `exec --server` refreshing
 * through the app, and an app that says no (its error reaches the user unchanged).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON, missing } from '../fixtures/components';
import type { World } from '../fixtures/core-harness';
import { startCredentialServer } from '../../electron/core/credential-process/server';
import { rolecall as run } from '../fixtures/cli-runs';
import { execWorld } from './support/exec-world';

const DUMP_ENV = 'import json, os; print(json.dumps(dict(os.environ)))';

describe.skipIf(missing('keyring', 'boto3'))('rolecall exec with the app running', () => {
  let w: World;
  let server: Awaited<ReturnType<typeof startCredentialServer>> | undefined;
  let appKey: string;
  beforeAll(async () => {
    w = await execWorld(); // the MFA session is in the keychain: the app's core reuses it
    const core = await w.core();
    appKey = (await core.credentialsFor('admin', { minRemainingSeconds: 960, promptForMfa: false })).accessKeyId;
    server = await startCredentialServer(core, { dir: w.appDataDir });
  });
  afterAll(async () => {
    await server?.close();
    await w?.close();
  });

  it('hands the command the app\'s cached session, with the region from the files', async () => {
    const before = w.sts.calls.length;
    const r = await run(w, ['exec', 'admin', '--', PYTHON, '-c', DUMP_ENV]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const env = JSON.parse(r.stdout) as Record<string, string>;
    expect(env).toMatchObject({ AWS_ACCESS_KEY_ID: appKey, AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1', ROLECALL_PROFILE: 'admin' });
    expect(w.sts.calls.length).toBe(before); // no STS call: the app answered from its cache
  });

  it('--duration resolves here instead (the app has its own durations)', async () => {
    const r = await run(w, ['exec', 'admin', '--duration', '900', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Record<string, string>).AWS_ACCESS_KEY_ID).not.toBe(appKey);
  });

  it('the app\'s refusal is the answer: no fallback around it', async () => {
    const r = await run(w, ['exec', 'no-such-profile', '--', 'true']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no-such-profile/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
