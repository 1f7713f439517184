/**
 * Issue 3's core promises, proven against the real keychain (gnome-keyring), the signature-verifying
 * loopback STS and the real AWS CLI reading what Rolecall wrote.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AWS_CLI, missing } from '../fixtures/components';
import { ADMIN_ROLE, MFA_SERIAL, createWorld, type World } from '../fixtures/core-harness';
import { failure } from '../reliability/helpers';

describe.skipIf(missing('keyring', 'aws-cli'))('switching with the real keychain and loopback STS', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  async function coreWithSource() {
    const core = await world.core();
    const added = await core.addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL });
    expect(added.identityArn).toBe('arn:aws:iam::123456789012:user/dev-user');
    return core;
  }

  it('add → switch with MFA → the AWS CLI accepts the written credentials as the assumed role', async () => {
    const core = await coreWithSource();
    const needsCode = await failure(core.switchTo('admin', { target: 'work' }));
    expect(needsCode.code).toBe('MfaRequired');
    expect(needsCode.message).toBe(`MFA code required for ${MFA_SERIAL}`);
    expect(world.read('credentials')).toBe('');

    const session = await core.switchTo('admin', { target: 'work', mfaCode: world.sts.totp(MFA_SERIAL) });
    expect(session.identityArn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/AdminRole\/rolecall-/);
    expect(session.kind).toBe('assumed-role-chained');
    const text = world.read('credentials');
    expect(text).toMatch(/^\[work\]\n# rolecall:managed expires=/);
    expect(text).toMatch(/aws_session_token = /);
    expect(text).not.toMatch(world.keys.secretAccessKey);

    // async: the loopback STS answers from this very process
    const { stdout: out } = await promisify(execFile)(AWS_CLI, ['sts', 'get-caller-identity', '--profile', 'work', '--endpoint-url', world.sts.url, '--output', 'json'], {
      env: world.cliEnv(),
      encoding: 'utf8',
    });
    expect(JSON.parse(out).Arn).toBe(session.identityArn);
    // the signature-verifying STS saw the CLI's request signed with the written secret
    expect(world.sts.calls.at(-1)).toMatchObject({ action: 'GetCallerIdentity', status: 200 });
  });

  it('one MFA code serves every role of the source', async () => {
    const core = await coreWithSource();
    await core.switchTo('admin', { target: 'work', mfaCode: world.sts.totp(MFA_SERIAL) });
    const second = await core.switchTo('readonly', { target: 'ro' });
    expect(second.identityArn).toContain('assumed-role/ReadOnlyRole/');
    const codes = world.sts.calls.filter((c) => c.params.TokenCode === 'present');
    expect(codes).toHaveLength(1);
    expect(codes[0]!.action).toBe('GetSessionToken');
    expect(core.sessions().map((s) => s.target).sort()).toEqual(['ro', 'work']);
  });

  it('caps a chained role at one hour and says so; a single role > 1 h is assumed directly with MFA', async () => {
    const core = await coreWithSource();
    const chained = await core.switchTo('admin', { target: 'work', mfaCode: world.sts.totp(MFA_SERIAL), durationSeconds: 3600 });
    expect(Date.parse(chained.expiresAt) - world.clock.now()).toBeLessThanOrEqual(3600_000);
    const deep = await core.switchTo('deep', { target: 'deeper', durationSeconds: 7200 });
    expect(Date.parse(deep.expiresAt) - world.clock.now()).toBeLessThanOrEqual(3600_000);
    expect(deep.notes.join(' ')).toMatch(/caps it at 1 hour/);

    await world.clock.advance(30_000); // next TOTP step
    const long = await core.switchTo('admin', { target: 'long', mfaCode: world.sts.totp(MFA_SERIAL), durationSeconds: 4 * 3600 });
    expect(long.kind).toBe('assumed-role-direct');
    expect(Math.abs(Date.parse(long.expiresAt) - world.clock.now() - 4 * 3600_000)).toBeLessThan(1000);
    expect(long.refreshableWithoutCode).toBe(false);
    const direct = world.sts.calls.filter((c) => c.action === 'AssumeRole' && c.params.TokenCode === 'present');
    expect(direct).toHaveLength(1);
  });

  it('refreshes silently before expiry, then asks for a code once the MFA session is gone, and removes the section at expiry', async () => {
    await world.core().then((c) => c.updateSettings({ sessionDurationSeconds: 90 * 60, leadTimeSeconds: 300 }));
    const core = await coreWithSource();
    const events: string[] = [];
    core.on((e) => events.push(e.type === 'mfa-required' ? `mfa-required:${e.request.reason}` : e.type));
    const first = await core.switchTo('admin', { target: 'work', mfaCode: world.sts.totp(MFA_SERIAL) });
    const keyBefore = /aws_access_key_id = (\S+)/.exec(world.read('credentials'))![1];

    await world.clock.advance(56 * 60_000); // past the lead time (5 min) before the 1 h role session ends
    await core.whenIdle();
    const refreshed = core.sessions()[0]!;
    expect(Date.parse(refreshed.expiresAt)).toBeGreaterThan(Date.parse(first.expiresAt));
    expect(/aws_access_key_id = (\S+)/.exec(world.read('credentials'))![1]).not.toBe(keyBefore);
    expect(events).toContain('session-refreshed');
    expect(events).not.toContain('mfa-required:expiring');

    // the next refresh (at 110 min) finds the 90-min MFA session gone → one prompt, reason "expiring"
    await world.clock.advance(55 * 60_000);
    await core.whenIdle();
    expect(events.filter((e) => e.startsWith('mfa-required'))).toEqual(['mfa-required:expiring']);
    expect(core.pendingMfa()).toEqual([{ mfaSerial: MFA_SERIAL, profiles: ['admin'], reason: 'expiring' }]);
    expect(core.sessions()[0]!.status).toBe('waiting-for-mfa');

    // nobody answers: at expiry the section goes
    await world.clock.advance(5 * 60_000);
    await core.whenIdle();
    expect(events).toContain('session-expired');
    expect(world.read('credentials')).not.toContain('[work]');
    expect(core.sessions()).toEqual([]);
  });

  it('a code typed into the expiry prompt refreshes the session and resets its countdown', async () => {
    await world.core().then((c) => c.updateSettings({ sessionDurationSeconds: 900, leadTimeSeconds: 300 }));
    const core = await coreWithSource();
    const first = await core.switchTo('admin', { target: 'work', mfaCode: world.sts.totp(MFA_SERIAL) });
    await world.clock.advance(56 * 60_000);
    await core.whenIdle();
    expect(core.pendingMfa()).toHaveLength(1);
    await core.submitMfaCode(MFA_SERIAL, world.sts.totp(MFA_SERIAL));
    expect(core.pendingMfa()).toEqual([]);
    const s = core.sessions()[0]!;
    expect(s.status).toBe('active');
    expect(Date.parse(s.expiresAt)).toBeGreaterThan(Date.parse(first.expiresAt));
  });

  it('leaves the credentials file untouched on every STS fault, with a typed error', async () => {
    const core = await coreWithSource();
    await core.switchTo('admin', { target: 'work', mfaCode: world.sts.totp(MFA_SERIAL) });
    const before = world.read('credentials');
    const cases: Array<[Parameters<typeof world.sts.injectFault>[0], string]> = [
      [{ kind: 'accessDenied', action: 'AssumeRole', times: 1 }, 'AccessDenied'],
      [{ kind: 'throttle', action: 'AssumeRole' }, 'Throttled'],
      [{ kind: 'internal', action: 'AssumeRole' }, 'StsError'],
      [{ kind: 'skew', action: 'AssumeRole', times: 1 }, 'ClockSkew'],
      [{ kind: 'delay', action: 'AssumeRole', delayMs: 8000, times: 1 }, 'NetworkError'],
      // AWS refusing the cached MFA session itself: it is dropped and a new code asked for
      [{ kind: 'expiredToken', action: 'AssumeRole', times: 1 }, 'MfaRequired'],
    ];
    for (const [fault, code] of cases) {
      world.sts.clearFaults();
      world.sts.injectFault(fault);
      const e = await failure(core.switchTo('readonly', { target: 'work' }));
      expect(e.code, fault.kind).toBe(code);
      expect(e.action, fault.kind).toBeTruthy();
      expect(e.message).not.toContain(world.keys.secretAccessKey);
      expect(world.read('credentials'), fault.kind).toBe(before);
    }
    world.sts.clearFaults();
  });

  it('rejects a wrong code and a code reused within its step, clearly', async () => {
    const core = await coreWithSource();
    const wrong = await failure(core.switchTo('admin', { target: 'work', mfaCode: '000000' === world.sts.totp(MFA_SERIAL) ? '111111' : '000000' }));
    expect(wrong.code).toBe('MfaInvalid');
    const code = world.sts.totp(MFA_SERIAL);
    await core.switchTo('admin', { target: 'work', mfaCode: code });
    await core.signOutAll(); // forgets the MFA session: the next switch needs a code again
    const reused = await failure(core.switchTo('admin', { target: 'work', mfaCode: code }));
    expect(reused.code).toBe('MfaCodeReused');
    expect(Number(reused.details.waitSeconds)).toBeGreaterThan(0);
    expect(world.read('credentials')).not.toContain('[work]');
  });

  it('refuses a target it did not create unless taken over (with a backup), and shadowed targets', async () => {
    const user = '# my keys\n[work]\naws_access_key_id = AKIAEXAMPLEEXAMPLE12\naws_secret_access_key = keep-me\n';
    world = await (async () => {
      await world.close();
      return createWorld({ credentials: user, config: `${(await import('../fixtures/core-harness')).W1_CONFIG}\n[profile shadow]\nrole_arn = ${ADMIN_ROLE}\nsource_profile = dev\n` });
    })();
    const core = await coreWithSource();
    const notOurs = await failure(core.switchTo('admin', { target: 'work', mfaCode: world.sts.totp(MFA_SERIAL) }));
    expect(notOurs.code).toBe('SectionNotManaged');
    expect(world.read('credentials')).toBe(user);
    const shadowed = await failure(core.switchTo('admin', { target: 'shadow', mfaCode: world.sts.totp(MFA_SERIAL) }));
    expect(shadowed.code).toBe('TargetShadowed');
    expect(shadowed.message).toMatch(/role_arn/);
    await core.switchTo('admin', { target: 'work', takeOver: true, mfaCode: world.sts.totp(MFA_SERIAL) });
    const backups = spawnSync('ls', [`${world.home}/.aws`], { encoding: 'utf8' }).stdout.split('\n').filter((f) => f.includes('rolecall-backup'));
    expect(backups).toHaveLength(1);
    expect(world.read('credentials')).toMatch(/^# my keys\n\[work\]\n# rolecall:managed/);
    expect(world.read('credentials')).not.toContain('keep-me');
  });
});

