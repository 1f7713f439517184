/**
 * Session tokens larger than one Windows Credential Manager entry, end to end: the loopback STS
 * issues 3,000-character tokens, the keychain (real gnome-keyring) is held to the Windows limits
 * (`ROLECALL_KEYCHAIN_LIMITS=win32`), and the cached MFA session must survive a restart and vouch
 * for the next switch with no new code — through the same engine and session manager as always.
 */
import { execFile } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AWS_CLI, missing } from '../fixtures/components';
import { MFA_SERIAL, createWorld, type World } from '../fixtures/core-harness';
import { keychainEntries } from './support/keychain-entries';
import { win32Launcher } from './support/win32-keychain';

describe.skipIf(missing('keyring', 'aws-cli'))('switching with 3,000-character session tokens under Windows keychain limits', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld();
    world.sts.setSessionTokenSize(3_000);
    // aws-vault's layout: the source's region in its own config section, so the AWS CLI below has one
    // (Rolecall writes it into [ro], the nearest region down readonly's chain; no AWS_DEFAULT_REGION)
    appendFileSync(world.configFile, '\n[profile dev]\nregion = eu-west-1\n');
  });
  afterEach(async () => {
    await world.close();
  });

  it('stores the MFA session split, survives a restart, and vouches for the next switch without a code', async () => {
    const first = await world.core({ keychainLauncher: win32Launcher() });
    await first.addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL });
    await first.switchTo('admin', { target: 'work', mfaCode: world.sts.totp(MFA_SERIAL) });

    const entries = keychainEntries(world.keychainService);
    const parts = [...entries.keys()].filter((a) => a.endsWith(':mfa-session:dev')).sort();
    expect(parts).toEqual(['part:1:mfa-session:dev', 'part:2:mfa-session:dev', 'part:3:mfa-session:dev']);
    expect(entries.get('mfa-session:dev')).toMatch(/^rolecall-split:1;parts=3;/);
    expect([...entries.values()].every((v) => v.length <= 1_280)).toBe(true);
    const names = (await first.listProfiles()).profiles.map((p) => p.name);
    expect(names).toContain('dev');
    expect(names.filter((n) => n.startsWith('part:') || n.includes('mfa-session'))).toEqual([]);
    first.dispose(); // stops its keychain worker: the next core reads through a new one

    const second = await world.core({ keychainLauncher: win32Launcher() });
    const ro = await second.switchTo('readonly', { target: 'ro' });
    expect(ro.identityArn).toContain('assumed-role/ReadOnlyRole/');
    const gets = world.sts.calls.filter((c) => c.action === 'GetSessionToken');
    expect(gets).toHaveLength(1); // one code, before the restart
    const assume = world.sts.calls.filter((c) => c.action === 'AssumeRole').at(-1)!;
    expect(assume.status).toBe(200);
    expect(world.sts.describeCredentials(assume.accessKeyId!)?.kind).toBe('session-token'); // signed with the cached MFA session

    // the role's own 3,000-character token went into the credentials file whole: the AWS CLI signs with it
    const token = /\[ro\][^[]*aws_session_token = (\S+)/.exec(world.read('credentials'))![1]!;
    expect(token).toHaveLength(3_000);
    const { stdout } = await promisify(execFile)(AWS_CLI, ['sts', 'get-caller-identity', '--profile', 'ro', '--endpoint-url', world.sts.url, '--output', 'json'], {
      env: world.cliEnv(),
      encoding: 'utf8',
    });
    expect(JSON.parse(stdout).Arn).toBe(ro.identityArn);
  });
});
