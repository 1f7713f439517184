import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listManagedSections, removeSection, scrubKeys, upsertSection } from '../../../electron/core/aws-files/section-writer';
import { formatMarker } from '../../../electron/core/aws-files/marker';
import { RolecallError } from '../../../electron/core/errors';

let dir: string;
let creds: string;
let config: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolecall-writer-'));
  creds = join(dir, 'credentials');
  config = join(dir, 'config');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const KEYS = { aws_access_key_id: 'ASIAEXAMPLE', aws_secret_access_key: 'se/cr+et=', aws_session_token: 'tok' };
const MARKER = { expiresAt: new Date('2026-11-22T20:00:00Z'), source: 'admin' };
const SECTION = (name: string): string =>
  `[${name}]\n${formatMarker(MARKER)}\naws_access_key_id = ASIAEXAMPLE\naws_secret_access_key = se/cr+et=\naws_session_token = tok\n`;
const read = (): string => readFileSync(creds, 'utf8');
const caught = async (p: Promise<unknown>): Promise<RolecallError> => {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(RolecallError);
  return e as RolecallError;
};

describe('upsertSection', () => {
  it('creates the file with our section, then updates it in place', async () => {
    expect(await upsertSection(creds, 'dev', KEYS, MARKER, { configFile: config })).toEqual({ tookOver: false, backupPath: undefined });
    expect(read()).toBe(SECTION('dev'));
    writeFileSync(creds, `# mine\r\n[a]\r\nk = v\r\n${SECTION('dev').replace(/\n/g, '\r\n')}; after\r\n[b]\r\nk = v`);
    await upsertSection(creds, 'dev', { ...KEYS, aws_access_key_id: 'ASIANEW' }, MARKER, { configFile: config });
    expect(read()).toBe(`# mine\r\n[a]\r\nk = v\r\n${SECTION('dev').replace('ASIAEXAMPLE', 'ASIANEW').replace(/\n/g, '\r\n')}; after\r\n[b]\r\nk = v`);
  });

  it('drops a stale aws_security_token from a managed section', async () => {
    writeFileSync(creds, `${SECTION('dev')}aws_security_token = stale\n`);
    await upsertSection(creds, 'dev', KEYS, MARKER, { configFile: null });
    expect(read()).toBe(SECTION('dev'));
  });

  it('refuses a section the user wrote and leaves the file as it was', async () => {
    const mine = '[dev]\naws_access_key_id = AKIAMINE\n';
    writeFileSync(creds, mine);
    const e = await caught(upsertSection(creds, 'dev', KEYS, MARKER, { configFile: config }));
    expect(e.code).toBe('SectionNotManaged');
    expect(e.message).toContain('[dev]');
    expect(e.action).toMatch(/take it over/);
    expect(read()).toBe(mine);
    expect(readdirSync(dir)).toEqual(['credentials']);
  });

  it('takes over a user section only when told, after a byte-exact backup', async () => {
    const mine = '[dev]\r\naws_access_key_id = AKIAMINE\r\n';
    writeFileSync(creds, mine);
    const r = await upsertSection(creds, 'dev', KEYS, MARKER, { configFile: config, takeOver: true, now: new Date('2026-11-22T19:30:00Z') });
    expect(r.tookOver).toBe(true);
    expect(r.backupPath).toBe(`${creds}.rolecall-backup-20261122T193000Z`);
    expect(readFileSync(r.backupPath as string, 'utf8')).toBe(mine);
    expect(read()).toBe(SECTION('dev').replace(/\n/g, '\r\n'));
    // Now it is ours: no further backups.
    expect((await upsertSection(creds, 'dev', KEYS, MARKER, { configFile: config, takeOver: true })).backupPath).toBeUndefined();
  });

  it.each([
    ['[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = base\n', 'role_arn'],
    ['[profile dev]\ncredential_process = /bin/echo\n', 'credential_process'],
    ['[profile dev]\nsso_session = corp\nsso_account_id = 1\n', 'sso_session, sso_account_id'],
    ['[profile dev]\nSSO_Start_URL = https://x\n', 'sso_start_url'], // named as botocore reads keys: lower-cased
  ])('refuses a target shadowed in config (%#)', async (cfg, keys) => {
    writeFileSync(config, cfg);
    const e = await caught(upsertSection(creds, 'dev', KEYS, MARKER, { configFile: config }));
    expect(e.code).toBe('TargetShadowed');
    expect(e.message).toContain(`sets ${keys}`);
    expect(e.message).toMatch(/AWS CLI and SDKs would use that instead/);
    expect(e.action).toContain('"dev-session"');
    expect(existsSync(creds)).toBe(false);
  });

  it('checks [default] for the default target, and ignores other profiles and a null configFile', async () => {
    writeFileSync(config, '[default]\nrole_arn = arn:aws:iam::1:role/x\n[profile dev]\nregion = eu-west-1\n');
    expect((await caught(upsertSection(creds, 'default', KEYS, MARKER, { configFile: config }))).code).toBe('TargetShadowed');
    await upsertSection(creds, 'dev', KEYS, MARKER, { configFile: config });
    await upsertSection(creds, 'default', KEYS, MARKER, { configFile: null });
    expect(await listManagedSections(creds)).toHaveLength(2);
  });

  it.each([
    ['name', 'a]b'],
    ['name', ' dev'],
    ['name', 'a  b'],
    ['name', 'x #y'],
    ['name', '__proto__'],
    ['name', 'a\nb'],
  ])('rejects an unusable %s %j', async (_what, name) => {
    expect((await caught(upsertSection(creds, name, KEYS, MARKER, { configFile: null }))).code).toBe('InvalidInput');
  });

  it.each([
    [{ aws_security_token: 'x' }],
    [{ aws_access_key_id: 'a\nb' }],
    [{ aws_access_key_id: '' }],
    [{ aws_access_key_id: 'a #b' }],
    [{ 'bad key': 'x' }],
  ])('rejects keys or values the parsers would not read back (%#), without echoing values', async (keys) => {
    const e = await caught(upsertSection(creds, 'dev', keys, MARKER, { configFile: null }));
    expect(e.code).toBe('InvalidInput');
    for (const v of Object.values(keys)) if (v.length > 1) expect(e.message).not.toContain(v);
    expect(existsSync(creds)).toBe(false);
  });
});

describe('removeSection', () => {
  it.each([
    ['ended before', -1000, true],
    ['ending exactly then', 0, true],
    ['still running (switched again elsewhere)', 1000, false],
  ])('expiredBy: removes a section whose marker %s, under the lock', async (_label, offsetMs, removed) => {
    const at = new Date('2026-11-22T20:00:00Z');
    const section = `[dev]\n${formatMarker({ expiresAt: new Date(at.getTime() + offsetMs), source: 'admin' })}\naws_access_key_id = ASIAEXAMPLE\n`;
    writeFileSync(creds, `[keep]\nk = v\n${section}`);
    expect((await removeSection(creds, 'dev', { expectSource: 'admin', expiredBy: at })).removed).toBe(removed);
    expect(read()).toBe(removed ? '[keep]\nk = v\n' : `[keep]\nk = v\n${section}`);
  });

  it('removes a managed section and leaves the rest byte-identical', async () => {
    writeFileSync(creds, `# top\n[a]\nk = v\n${SECTION('dev')}\n# b\n[b]\nk = v`);
    expect(await removeSection(creds, 'dev')).toEqual({ removed: true, backupPath: undefined });
    expect(read()).toBe('# top\n[a]\nk = v\n\n# b\n[b]\nk = v');
    expect(await removeSection(creds, 'dev')).toEqual({ removed: false, backupPath: undefined });
  });

  it('refuses a user section unless forced, and backs it up when forced', async () => {
    writeFileSync(creds, '[dev]\nk = v\n[b]\nk = v\n');
    expect((await caught(removeSection(creds, 'dev'))).code).toBe('SectionNotManaged');
    const r = await removeSection(creds, 'dev', { force: true, now: new Date('2026-01-02T03:04:05Z') });
    expect(r.removed).toBe(true);
    expect(readFileSync(r.backupPath as string, 'utf8')).toBe('[dev]\nk = v\n[b]\nk = v\n');
    expect(read()).toBe('[b]\nk = v\n');
  });

  it('does not create a missing file', async () => {
    expect((await removeSection(creds, 'dev')).removed).toBe(false);
    expect(existsSync(creds)).toBe(false);
  });
});

describe('listManagedSections', () => {
  it('lists only marked sections, with expiry and source, and [] for a missing file', async () => {
    expect(await listManagedSections(creds)).toEqual([]);
    writeFileSync(creds, `[a]\nk = v\n${SECTION('dev')}[café]\n${formatMarker({})}\nk = v\n`);
    expect(await listManagedSections(creds)).toEqual([
      { name: 'dev', expiresAt: MARKER.expiresAt, source: 'admin' },
      { name: 'café' },
    ]);
  });
});

describe('scrubKeys', () => {
  const FILE = '# keep me\n[old]\n; my IAM user\nAWS_ACCESS_KEY_ID = AKIAOLD\naws_secret_access_key = s\nregion = eu-west-1\naws_security_token = t\n[only]\naws_access_key_id = AKIA2\naws_secret_access_key = s2\n# trailing\n[other]\naws_access_key_id = AKIA3\n';

  it('removes plaintext keys, keeps comments and settings, drops emptied sections, backs up first', async () => {
    writeFileSync(creds, FILE);
    const r = await scrubKeys(creds, ['old', 'only', 'missing'], { now: new Date('2026-11-22T19:30:00Z') });
    expect(r.removedSections).toEqual(['only']);
    // the backup keeps everything but the scrubbed secrets (#13 medium 1)
    const note = (k: string) => `# ${k} redacted by Rolecall (the key is kept in the OS keychain)`;
    expect(readFileSync(r.backupPath as string, 'utf8')).toBe(
      FILE.replace('aws_secret_access_key = s\n', `${note('aws_secret_access_key')}\n`)
        .replace('aws_security_token = t\n', `${note('aws_security_token')}\n`)
        .replace('aws_secret_access_key = s2\n', `${note('aws_secret_access_key')}\n`),
    );
    expect(read()).toBe('# keep me\n[old]\n; my IAM user\nregion = eu-west-1\n# trailing\n[other]\naws_access_key_id = AKIA3\n');
  });

  it('writes nothing (and no backup) when there is nothing to scrub', async () => {
    writeFileSync(creds, FILE);
    expect(await scrubKeys(creds, 'missing')).toEqual({ backupPath: undefined, removedSections: [] });
    expect(readdirSync(dir)).toEqual(['credentials']);
  });

  it('can skip the backup when the caller already has one', async () => {
    writeFileSync(creds, FILE);
    expect((await scrubKeys(creds, 'other', { backup: false })).backupPath).toBeUndefined();
    expect(read()).not.toContain('AKIA3');
  });
});
