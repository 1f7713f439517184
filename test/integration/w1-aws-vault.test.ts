/**
 * Workflow W1 as aws-vault users have it: `[profile dev]` (mfa_serial, region, duration_seconds) in
 * the config file, the keys added with the real `rolecall add dev` into the real keychain, a role on
 * top, and the AWS CLI and boto3 — with no region anywhere in their environment — signing with the
 * session Rolecall wrote, checked by the SigV4-verifying loopback STS. Variants move the region
 * (role, source, both, neither, the target's own) and the MFA device (source or role).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { missing } from '../fixtures/components';
import { ADMIN_ROLE, MFA_SERIAL, createWorld, type World } from '../fixtures/core-harness';
import { awsCli, boto3Identity, rolecall } from '../fixtures/cli-runs';

interface Variant {
  title: string;
  sourceRegion?: string;
  roleRegion?: string;
  /** The target profile has a config section with its own region (the user's: never touched). */
  targetRegion?: string;
  mfaOn: 'source' | 'role';
  sourceDuration?: number;
}

const VARIANTS: Variant[] = [
  { title: 'region on the source only', sourceRegion: 'eu-west-1', mfaOn: 'source', sourceDuration: 7200 },
  { title: 'region on the role only', roleRegion: 'ap-southeast-2', mfaOn: 'source' },
  { title: 'region on both: the role wins', sourceRegion: 'eu-west-1', roleRegion: 'us-east-2', mfaOn: 'role' },
  { title: 'the target has its own region: left alone, none written', sourceRegion: 'eu-west-1', targetRegion: 'us-west-2', mfaOn: 'source' },
  { title: 'region on no profile of the chain: nothing invented', mfaOn: 'source' },
];

function configFor(v: Variant): string {
  const dev = ['[profile dev]', 'output = json'];
  if (v.mfaOn === 'source') dev.push(`mfa_serial = ${MFA_SERIAL}`);
  if (v.sourceRegion) dev.push(`region = ${v.sourceRegion}`);
  if (v.sourceDuration) dev.push(`duration_seconds = ${v.sourceDuration}`);
  const admin = ['[profile admin]', 'source_profile = dev', `role_arn = ${ADMIN_ROLE}`];
  if (v.mfaOn === 'role') admin.push(`mfa_serial = ${MFA_SERIAL}`);
  if (v.roleRegion) admin.push(`region = ${v.roleRegion}`);
  const target = v.targetRegion ? ['', '[profile work]', `region = ${v.targetRegion}`] : [];
  return ['# aws-vault layout', ...dev, '', ...admin, ...target, ''].join('\n');
}

describe.skipIf(missing('keyring', 'aws-cli', 'boto3'))('W1 with aws-vault\'s config layout, no region in the environment', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it.each(VARIANTS)('$title', async (v) => {
    const config = configFor(v);
    const w = (world = await createWorld({ config }));
    const added = await rolecall(w, ['add', 'dev'], `${w.keys.accessKeyId}\n${w.keys.secretAccessKey}\n`);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);

    const rows = JSON.parse((await rolecall(w, ['list', '--json'])).stdout) as Array<Record<string, unknown>>;
    const dev = rows.find((r) => r.name === 'dev');
    expect(dev).toMatchObject({ kind: 'source', origin: 'keychain', ...(v.sourceRegion ? { region: v.sourceRegion } : {}) });
    expect(dev?.settingOrigins).toEqual({
      ...(v.mfaOn === 'source' ? { mfaSerial: 'config-file' } : {}),
      ...(v.sourceRegion ? { region: 'config-file' } : {}),
      ...(v.sourceDuration ? { durationSeconds: 'config-file' } : {}),
    });

    const sw = await rolecall(w, ['switch', 'admin', '--target', 'work', '--mfa', w.sts.totp(MFA_SERIAL)]);
    expect(sw.code).toBe(0);
    if (v.sourceDuration) expect(w.sts.calls.find((c) => c.action === 'GetSessionToken')?.params.DurationSeconds).toBe(String(v.sourceDuration));
    expect(w.read('config')).toBe(config);

    const written = v.targetRegion ? undefined : (v.roleRegion ?? v.sourceRegion);
    const section = /\[work\]\n([\s\S]*?)(?=\n\[|$)/.exec(w.read('credentials'))?.[1] ?? '';
    expect(section).toContain('aws_session_token = ');
    if (written) expect(section).toMatch(new RegExp(`^region = ${written}$`, 'm'));
    else expect(section).not.toMatch(/^region/m);

    const expected = v.targetRegion ?? written;
    const cli = await awsCli(w, ['sts', 'get-caller-identity', '--profile', 'work']);
    if (expected === undefined) {
      expect(cli.code).not.toBe(0);
      expect(cli.stderr).toContain('You must specify a region');
      expect(sw.stdout + sw.stderr).toContain('sets a region');
      return;
    }
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect((JSON.parse(cli.stdout) as { Arn: string }).Arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/AdminRole\//);
    expect(w.sts.calls.at(-1)).toMatchObject({ action: 'GetCallerIdentity', status: 200, signingRegion: expected });

    const py = await boto3Identity(w, 'work');
    expect(py.stderr).toBe('');
    expect(JSON.parse(py.stdout)).toMatchObject({ region: expected, arn: expect.stringContaining('assumed-role/AdminRole/') });
    expect(w.sts.calls.at(-1)).toMatchObject({ action: 'GetCallerIdentity', status: 200, signingRegion: expected });
  });
});
