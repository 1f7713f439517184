/**
 * Workflow W4, "read-only by default, escalate only when needed", as its user lives it with the
 * real `rolecall` bin, the real keychain, the signature-verifying loopback STS and /usr/bin/aws —
 * and no region or profile in the environment: `switch me --mfa` (the user's own MFA session in
 * [default]), `switch admin`, `signout admin` → [default] signs as `me` again.
 */
import { spawn } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { missing } from '../fixtures/components';
import { ACCOUNT, MFA_SERIAL, W4_CONFIG, createWorld, type World } from '../fixtures/core-harness';
import { ROLECALL_BIN, awsCli, rolecall, userEnv } from '../fixtures/cli-runs';
import { createKeychainStore } from '../../electron/core/keychain/keychain-store';


const ME_ARN = `arn:aws:iam::${ACCOUNT}:user/dev-user`;

interface Row {
  profile: string;
  target: string;
  elevated: boolean;
  baseline: string | null;
  fallsBackAt: string | null;
  heldBy: string;
}

async function status(w: World): Promise<Row[]> {
  const r = await rolecall(w, ['status', '--json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Row[];
}

/** Who the AWS CLI is with no --profile and no region in the environment: [default]. */
async function whoIsDefault(w: World): Promise<string> {
  const r = await awsCli(w, ['sts', 'get-caller-identity']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { Arn: string }).Arn;
}

/** A code of the next 30-s step (each step's code works once, as on AWS): the STS clock moves on. */
async function nextCode(w: World): Promise<string> {
  await w.clock.advance(30_000);
  return w.sts.totp(MFA_SERIAL);
}

/** Deletes `me`'s cached MFA session from the real keychain, as its expiry (or a signout elsewhere) would. */
async function forgetMfaSession(w: World): Promise<void> {
  const keychain = createKeychainStore({ service: w.keychainService });
  try {
    expect(await keychain.deleteMfaSession('me')).toBe(true);
  } finally {
    keychain.close();
  }
}

async function setUp(settings: Record<string, unknown> = {}): Promise<World> {
  const w = await createWorld({ config: W4_CONFIG });
  mkdirSync(w.appDataDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(w.appDataDir, 'state.json'), JSON.stringify({ settings }), { mode: 0o600 });
  const added = await rolecall(w, ['add', 'me'], `${w.keys.accessKeyId}\n${w.keys.secretAccessKey}\n`);
  expect(added.stderr).toBe('');
  expect(added.code).toBe(0);
  return w;
}

describe.skipIf(missing('keyring', 'aws-cli'))('W4: a baseline per target, elevation, fallback (CLI, no agent)', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it.each([
    { title: 'nothing marked elevated: the previous session is the baseline', settings: {}, elevated: false },
    { title: 'admin marked elevated in Settings', settings: { elevatedProfiles: ['admin'] }, elevated: true },
  ])('me → admin → signout admin: [default] signs as me again ($title)', async ({ settings, elevated }) => {
    const w = (world = await setUp(settings));
    const me = await rolecall(w, ['switch', 'me', '--mfa', w.sts.totp(MFA_SERIAL)]);
    expect(me.code).toBe(0);
    expect(await whoIsDefault(w)).toBe(ME_ARN);

    const admin = await rolecall(w, ['switch', 'admin']);
    expect(admin.stderr).toBe('');
    expect(admin.code).toBe(0);
    expect(admin.stdout).toContain(elevated ? 'ELEVATED: admin on "default".' : 'puts "default" back on me');
    expect(await whoIsDefault(w)).toMatch(/:assumed-role\/AdminRole\//);
    expect(await status(w)).toEqual([expect.objectContaining({ profile: 'admin', target: 'default', elevated, baseline: 'me', fallsBackAt: null, heldBy: 'cli' })]);
    expect(w.read('credentials')).toMatch(/source=admin .*baseline=me /);

    const out = await rolecall(w, ['signout', 'admin']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('"default" is back on its baseline me');
    expect(await whoIsDefault(w)).toBe(ME_ARN);
    expect(await status(w)).toEqual([expect.objectContaining({ profile: 'me', target: 'default', elevated: false, baseline: null })]);

    // signing out of the baseline empties the target, as before
    const last = await rolecall(w, ['signout', 'default']);
    expect(last.code).toBe(0);
    expect(last.stdout).toContain('removed [default]');
    expect(w.read('credentials')).not.toContain('[default]');
  });

  it('the baseline sticks through several switches; --no-fallback signs out completely; --json says what happened', async () => {
    const w = (world = await setUp({ elevatedProfiles: ['admin'] }));
    expect((await rolecall(w, ['switch', 'me', '--mfa', w.sts.totp(MFA_SERIAL)])).code).toBe(0);
    expect((await rolecall(w, ['switch', 'admin'])).code).toBe(0);
    expect((await rolecall(w, ['switch', 'readonly'])).code).toBe(0);
    expect((await status(w))[0]).toMatchObject({ profile: 'readonly', baseline: 'me', elevated: false });

    const back = await rolecall(w, ['signout', 'readonly', '--json']);
    expect(back.code).toBe(0);
    const result = JSON.parse(back.stdout) as { ended: Row[]; fallbacks: Array<{ target: string; from: string; baseline: string; restored: Row | null; error: unknown }> };
    expect(result.ended.map((s) => s.profile)).toEqual(['readonly']);
    expect(result.fallbacks).toEqual([expect.objectContaining({ target: 'default', from: 'readonly', baseline: 'me', restored: expect.objectContaining({ profile: 'me' }), error: null })]);
    expect(await whoIsDefault(w)).toBe(ME_ARN);

    expect((await rolecall(w, ['switch', 'admin'])).code).toBe(0);
    const gone = await rolecall(w, ['signout', 'admin', '--no-fallback']);
    expect(gone.code).toBe(0);
    expect(gone.stdout).toContain('removed [default]');
    expect(w.read('credentials')).not.toContain('[default]');
    expect(await status(w)).toEqual([]);
  });

  it('a baseline whose MFA session is gone: the elevated session ends anyway, exit 3 names the fix, --mfa brings it back', async () => {
    const w = (world = await setUp());
    expect((await rolecall(w, ['switch', 'me', '--mfa', w.sts.totp(MFA_SERIAL)])).code).toBe(0);
    expect((await rolecall(w, ['switch', 'admin'])).code).toBe(0);
    // the cached MFA session is gone from the real keychain (expired, or signed out of elsewhere)
    await forgetMfaSession(w);

    const noCode = await rolecall(w, ['signout', 'admin']);
    expect(noCode.code).toBe(3);
    expect(noCode.stdout).toContain('Signed out of admin: removed [default]');
    expect(noCode.stderr).toContain('could not fall back to me');
    expect(noCode.stderr).toContain('rolecall switch me');
    expect(noCode.stderr).not.toMatch(/at .*\.(ts|js|cjs):\d+/);
    expect(w.read('credentials')).not.toContain('[default]');

    // what the message says brings the baseline back; then the same again, with the code given
    expect((await rolecall(w, ['switch', 'me', '--mfa', await nextCode(w)])).code).toBe(0);
    expect(await whoIsDefault(w)).toBe(ME_ARN);
    expect((await rolecall(w, ['switch', 'admin'])).code).toBe(0);
    await forgetMfaSession(w);
    const withCode = await rolecall(w, ['signout', 'admin', '--mfa', '-'], `${await nextCode(w)}\n`);
    expect(withCode.stderr).toBe('');
    expect(withCode.code).toBe(0);
    expect(await whoIsDefault(w)).toBe(ME_ARN);
  });

  it('on a terminal, a baseline that needs a code is asked for once, and comes back', async () => {
    const w = (world = await setUp());
    expect((await rolecall(w, ['switch', 'me', '--mfa', w.sts.totp(MFA_SERIAL)])).code).toBe(0);
    expect((await rolecall(w, ['switch', 'admin'])).code).toBe(0);
    await forgetMfaSession(w);
    const code = await nextCode(w);
    // a real pseudo-terminal (util-linux script): the CLI asks as it would at a desk
    const child = spawn('script', ['-qec', `exec ${process.execPath} ${ROLECALL_BIN} signout admin`, '/dev/null'], { env: userEnv(w), stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    const asked = new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        screen += d.toString();
        if (screen.includes(`Enter MFA code for ${MFA_SERIAL}: `)) resolve();
      });
    });
    const exited = new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    await asked;
    child.stdin.write(`${code}\r`);
    expect(await exited, screen).toBe(0);
    child.stdin.end();
    expect(screen.split('Enter MFA code for').length - 1).toBe(1);
    expect(screen).toContain('admin has ended on "default"; its baseline me needs an MFA code.');
    expect(screen).toContain('"default" is back on its baseline me');
    expect(await whoIsDefault(w)).toBe(ME_ARN);
  });

  it('switch --for without an agent says nothing will enforce the time box; extend moves the deadline; bad lengths are usage errors', async () => {
    const w = (world = await setUp());
    expect((await rolecall(w, ['switch', 'me', '--mfa', w.sts.totp(MFA_SERIAL)])).code).toBe(0);
    const boxed = await rolecall(w, ['switch', 'admin', '--for', '30m']);
    expect(boxed.code).toBe(0);
    expect(boxed.stdout).toContain('Neither the app nor "rolecall agent" runs');
    const [row] = await status(w);
    expect(row).toMatchObject({ profile: 'admin', elevated: true, baseline: 'me' });
    const deadline = Date.parse(row!.fallsBackAt!);
    expect(w.read('credentials')).toMatch(/baseline=me until=\S+Z/);

    const ext = await rolecall(w, ['extend', 'default', '--for', '15m', '--json']);
    expect(ext.stderr).toBe('');
    expect(ext.code).toBe(0);
    expect(Date.parse((JSON.parse(ext.stdout) as Row).fallsBackAt!)).toBe(deadline + 15 * 60_000);
    expect(Date.parse((await status(w))[0]!.fallsBackAt!)).toBe(deadline + 15 * 60_000);

    for (const bad of ['0m', '13h', 'soon', '1.5h', '30 minutes']) {
      const r = await rolecall(w, ['switch', 'admin', '--for', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--for takes a length between 1 minute and 12 hours');
    }
    expect((await rolecall(w, ['signout', 'admin'])).code).toBe(0);
    const notBoxed = await rolecall(w, ['extend', 'default']);
    expect(notBoxed.code).toBe(2);
    expect(notBoxed.stderr).toContain('is not time-boxed');
  });
});
