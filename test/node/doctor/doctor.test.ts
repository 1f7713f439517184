/** Each doctor check against a temp desk: what it finds, the fix it offers, and that it changes nothing. */
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { doctorPassed, readDoctorState, runDoctor, type DoctorCheck } from '../../../electron/core/doctor';
import { formatMarker } from '../../../electron/core/aws-files/marker';
import { RolecallError } from '../../../electron/core/errors';
import { KEY_ID, NOW, SECRET, createDesk, serverAt, type Desk } from './desk';

const ROLE = 'arn:aws:iam::123456789012:role/Admin';
const managed = (name: string, expiresAt: number, source = 'admin') =>
  `[${name}]\n${formatMarker({ expiresAt: new Date(expiresAt), source })}\naws_access_key_id = ASIAEXAMPLE\naws_secret_access_key = s\naws_session_token = t\n`;
const CONFIG = `[default]\nregion = eu-west-1\n\n[profile admin]\nrole_arn = ${ROLE}\nsource_profile = dev\n`;

const desks: Desk[] = [];
function desk(files: Parameters<typeof createDesk>[0]): Desk {
  const d = createDesk(files);
  desks.push(d);
  return d;
}
afterEach(() => {
  for (const d of desks.splice(0)) rmSync(d.home, { recursive: true, force: true });
});

const byId = (checks: DoctorCheck[], id: string) => checks.find((c) => c.id === id);
const notOk = (checks: DoctorCheck[]) => checks.filter((c) => c.status !== 'ok');

describe('runDoctor', () => {
  it('a healthy desk: every check ok, and the report names each area', async () => {
    const d = desk({ config: CONFIG, credentials: managed('default', NOW + 3600_000) });
    await d.secrets.setSource('dev', { accessKeyId: KEY_ID, secretAccessKey: SECRET });
    const checks = await runDoctor(d.deps());
    expect(notOk(checks)).toEqual([]);
    expect(doctorPassed(checks)).toBe(true);
    expect(checks.map((c) => c.id)).toEqual([
      'keychain',
      'file-mode:credentials',
      'file-mode:config',
      'file-bom:credentials',
      'file-bom:config',
      'plaintext-keys',
      'secret-leftovers',
      'targets',
      'env-credentials',
      'env-endpoint',
      'env-profile',
      'clock',
      'profiles',
      'expired-sections',
    ]);
    expect(byId(checks, 'keychain')!.message).toMatch(/reachable and unlocked \(1 source profile stored\)/);
  });

  it('warns on group/world-readable files with chmod 600 as the fix; missing files are fine', async () => {
    const d = desk({ config: CONFIG, configMode: 0o640, credentials: '', credentialsMode: 0o644 });
    const checks = await runDoctor(d.deps());
    expect(byId(checks, 'file-mode:credentials')).toEqual({
      id: 'file-mode:credentials',
      status: 'warn',
      message: `${d.credentialsFile} can be read or changed by your group and every user (mode 644); it holds keys and session tokens.`,
      fix: `chmod 600 ${d.credentialsFile}`,
    });
    expect(byId(checks, 'file-mode:config')).toMatchObject({ status: 'warn', fix: `chmod 600 ${d.configFile}` });
    expect(byId(checks, 'file-mode:config')!.message).toMatch(/your group \(mode 640\)/);
    expect(doctorPassed(checks)).toBe(true); // warnings only

    const empty = desk({});
    const none = await runDoctor(empty.deps());
    expect(byId(none, 'file-mode:credentials')).toMatchObject({ status: 'ok', message: expect.stringMatching(/does not exist/) });
    expect(byId(await runDoctor(d.deps({ platform: 'win32' })), 'file-mode:credentials')!.status).toBe('ok');
  });

  it('reports plaintext long-term keys (file-only sources and keychain sources with a copy) and offers import --scrub', async () => {
    const creds = `[dev]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n\n[pasted]\naws_access_key_id = ASIATEMPORARY\naws_secret_access_key = x\naws_session_token = y\n\n[old]\naws_access_key_id = AKIAOLDOLDOLDOLDOLD1\naws_secret_access_key = z\n`;
    const d = desk({ config: CONFIG, credentials: creds });
    await d.secrets.setSource('old', { accessKeyId: 'AKIAOLDOLDOLDOLDOLD1', secretAccessKey: 'z' });
    const check = byId(await runDoctor(d.deps()), 'plaintext-keys')!;
    expect(check.status).toBe('warn');
    expect(check.message).toBe('Long-term access keys are stored in plaintext for "dev" and "old": any program running as you can read them. Importing moves them into the keychain and removes them from the files (after a backup).');
    expect(check.fix).toBe('rolecall import --scrub dev old');
    expect(JSON.stringify(check)).not.toContain(SECRET);
  });

  it('fails targets shadowed by role_arn / credential_process / sso_* (managed sections, default and per-role targets)', async () => {
    const config = `${CONFIG}\n[profile work]\ncredential_process = /bin/echo\n\n[profile sso]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\n`;
    const d = desk({ config, credentials: managed('work', NOW + 3600_000) });
    const checks = await runDoctor(d.deps({ settings: { defaultTarget: 'admin', roleTargets: { admin: 'sso', other: 'fine' } } }));
    const shadowed = checks.filter((c) => c.id.startsWith('target-shadowed:'));
    expect(shadowed.map((c) => c.id)).toEqual(['target-shadowed:admin', 'target-shadowed:sso', 'target-shadowed:work']);
    expect(shadowed.every((c) => c.status === 'fail')).toBe(true);
    expect(byId(checks, 'target-shadowed:work')!.message).toBe(
      `Profile "work" (Rolecall writes session credentials there) is shadowed: [profile work] in ${d.configFile} sets credential_process, so the AWS CLI and SDKs use that instead of the keys Rolecall writes to the credentials file.`,
    );
    expect(byId(checks, 'target-shadowed:sso')!.message).toMatch(/sets sso_start_url, sso_region/);
    expect(byId(checks, 'target-shadowed:admin')!.fix).toMatch(/--target admin-session/);
    expect(doctorPassed(checks)).toBe(false);
  });

  it('warns about credential variables by name only, and about AWS_PROFILE pointing elsewhere', async () => {
    const d = desk({ config: CONFIG });
    const env = { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: '', AWS_PROFILE: 'prod' };
    const checks = await runDoctor(d.deps({ env }));
    expect(byId(checks, 'env-credentials')).toEqual({
      id: 'env-credentials',
      status: 'warn',
      message: 'AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY are set in the environment: the AWS CLI and SDKs use them instead of any profile (AWS_PROFILE included) unless a command passes --profile.',
      fix: 'unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY',
    });
    expect(JSON.stringify(checks)).not.toContain(SECRET);
    expect(JSON.stringify(checks)).not.toContain(KEY_ID);
    expect(byId(checks, 'env-profile')).toMatchObject({ status: 'warn', fix: 'unset AWS_PROFILE (or export AWS_PROFILE=default)' });
    expect(byId(await runDoctor(d.deps({ env: { AWS_PROFILE: 'default' } })), 'env-profile')!.status).toBe('ok');
  });

  it.each([
    [0, 'ok', /agrees with STS/],
    [-45_000, 'ok', /within 45 s/],
    [90_000, 'warn', /is 1 min 30 s behind STS/],
    [-4 * 60_000, 'warn', /is 4 min ahead of STS/],
    [7 * 60_000, 'fail', /is 7 min behind STS .*Signature expired/],
    [-3 * 3600_000, 'fail', /is 3 h ahead of STS/],
  ] as const)('clock: STS %i ms off → %s', async (offset, status, message) => {
    // the Date header has whole seconds and the check takes the middle of STS's second: a local
    // clock at .500 makes the expected offsets exact
    const d = desk({ config: CONFIG });
    const check = byId(await runDoctor(d.deps({ now: () => NOW + 500, fetchDate: serverAt(offset) })), 'clock')!;
    expect(check.status).toBe(status);
    expect(check.message).toMatch(message);
    if (status !== 'ok') expect(check.fix).toMatch(/timedatectl set-ntp true/);
  });

  it('clock: a network failure or a missing Date header is a warning, not a crash', async () => {
    const d = desk({ config: CONFIG });
    const refused = await runDoctor(d.deps({ fetchDate: async () => Promise.reject(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })) }));
    expect(byId(refused, 'clock')).toMatchObject({ status: 'warn', message: expect.stringMatching(/Could not reach STS at sts\.us-east-1\.amazonaws\.com .*\(ECONNREFUSED\)/) });
    const noDate = await runDoctor(d.deps({ fetchDate: async () => ({ date: null }) }));
    expect(byId(noDate, 'clock')).toMatchObject({ status: 'warn', message: expect.stringMatching(/without a usable Date header/) });
    expect(doctorPassed(refused) && doctorPassed(noDate)).toBe(true);
    expect(byId(await runDoctor(d.deps({ skipClock: true })), 'clock')).toBeUndefined();
  });

  it('lists each invalid profile with its validation message; the others still count', async () => {
    const config = `${CONFIG}\n[profile both]\nrole_arn = ${ROLE}\nsource_profile = dev\ncredential_source = Environment\n\n[profile loop]\nrole_arn = ${ROLE}\nsource_profile = loop\n`;
    const checks = await runDoctor(desk({ config }).deps());
    expect(byId(checks, 'profile-invalid:both')).toMatchObject({ status: 'warn', message: 'The profile "both" contains both source_profile and credential_source.' });
    expect(byId(checks, 'profile-invalid:loop')!.status).toBe('warn');
    expect(byId(checks, 'profiles')).toBeUndefined();
  });

  it('warns about expired sections Rolecall left behind, naming when they expired and how to refresh', async () => {
    const d = desk({ config: CONFIG, credentials: `# mine\n${managed('work', NOW - 60_000, 'admin')}\n${managed('live', NOW + 60_000)}` });
    const checks = await runDoctor(d.deps());
    expect(checks.filter((c) => c.id.startsWith('expired-section'))).toEqual([
      {
        id: 'expired-section:work',
        status: 'warn',
        message: `[work] in ${d.credentialsFile} holds credentials Rolecall wrote that expired at 2026-03-01T11:59:00Z; the AWS CLI will fail with ExpiredToken for profile "work".`,
        fix: `Switch again to refresh it (rolecall switch admin --target work), or delete the [work] section from ${d.credentialsFile}.`,
      },
    ]);
  });

  it('fails on a locked or unreachable keychain with the keychain error’s own action as the fix', async () => {
    const d = desk({ config: CONFIG });
    d.secrets.failWith(new RolecallError('KeychainLocked', 'Your keychain is locked.', { action: 'Unlock your keychain, then try again.' }));
    const checks = await runDoctor(d.deps());
    expect(byId(checks, 'keychain')).toEqual({ id: 'keychain', status: 'fail', message: 'Your keychain is locked.', fix: 'Unlock your keychain, then try again.' });
    expect(doctorPassed(checks)).toBe(false);
    // the rest of the diagnosis still ran, and says why a keychain source looks missing
    expect(byId(checks, 'profile-invalid:admin')!.message).toMatch(/"dev".*does not exist.* \(The keychain could not be read/);
    expect(byId(checks, 'clock')!.status).toBe('ok');
  });

  it('an unreadable AWS file fails that area but the keychain, modes, environment and clock are still checked', async () => {
    const d = desk({ config: CONFIG });
    mkdirSync(d.credentialsFile); // a directory where the file should be
    const checks = await runDoctor(d.deps({ env: { AWS_PROFILE: 'x' } }));
    expect(byId(checks, 'aws-files')!.status).toBe('fail');
    expect(checks.map((c) => c.id)).toEqual(expect.arrayContaining(['keychain', 'file-mode:config', 'env-credentials', 'env-profile', 'clock']));
  });

  it('changes nothing on disk or in the keychain, and a corrupt state file is reported but left in place', async () => {
    const d = desk({ config: CONFIG, credentials: `[dev]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n${managed('work', NOW - 1)}`, credentialsMode: 0o644 });
    mkdirSync(d.appDataDir);
    writeFileSync(join(d.appDataDir, 'state.json'), '{"settings": {"leadTimeSeconds": "soon"');
    const before = d.snapshot();
    const state = await readDoctorState(d.appDataDir);
    expect(state.check).toMatchObject({ id: 'state', status: 'warn', message: expect.stringMatching(/is corrupt: the next start sets it aside/) });
    expect(state.settings).toEqual({ defaultTarget: 'default', roleTargets: {}, keyMaxAgeDays: 90 });
    await runDoctor(d.deps({ extra: [state.check] }));
    expect(d.snapshot()).toEqual(before);
    expect(await d.secrets.listSources()).toEqual([]);
  });

  it('reads the default target and role targets from a valid state file', async () => {
    const d = desk({});
    mkdirSync(d.appDataDir);
    writeFileSync(join(d.appDataDir, 'state.json'), JSON.stringify({ version: 1, settings: { defaultTarget: 'work', roleTargets: { admin: 'adm' } }, sessions: [] }));
    expect(await readDoctorState(d.appDataDir)).toEqual({
      settings: { defaultTarget: 'work', roleTargets: { admin: 'adm' }, keyMaxAgeDays: 90 },
      check: { id: 'state', status: 'ok', message: "Rolecall's state file is readable (0 session(s) recorded)." },
    });
    expect((await readDoctorState(join(d.home, 'nowhere'))).check.status).toBe('ok');
  });
});
