/**
 * The aws-vault companions of `rolecall add` and the BOM repair, through the built CLI, the real
 * keychain and the real AWS CLI: `--write-config` appends `[profile dev]` byte-exactly (once), a
 * profile with its own credential source is refused by name, import honours the config section,
 * and `doctor --fix-bom` turns a file botocore refuses into one it reads, after a backup.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { missing } from '../fixtures/components';
import { MFA_SERIAL, W1_CONFIG, createWorld, type World } from '../fixtures/core-harness';
import { awsCli, rolecall } from '../fixtures/cli-runs';

describe.skipIf(missing('keyring', 'aws-cli'))('rolecall add --write-config, import and doctor --fix-bom', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld();
  });
  afterEach(async () => {
    await world.close();
  });
  const keys = () => `${world.keys.accessKeyId}\n${world.keys.secretAccessKey}\n`;

  it('--write-config appends [profile dev] once; its region then serves the roles on it', async () => {
    const r = await rolecall(world, ['add', 'dev', '--mfa-serial', MFA_SERIAL, '--write-config', '--region', 'eu-west-2'], keys());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Wrote [profile dev] to ${world.configFile}`);
    expect(world.read('config')).toBe(`${W1_CONFIG}[profile dev]\nmfa_serial = ${MFA_SERIAL}\nregion = eu-west-2\n`);
    expect(statSync(world.configFile).mode & 0o777).toBe(0o600);

    const again = await rolecall(world, ['add', 'dev', '--force', '--write-config', '--region', 'us-east-1'], keys());
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already has a section for "dev"; it was left as it is');
    expect(again.stderr).toContain('sets region = eu-west-2 for "dev"; that one is used, not us-east-1');
    expect(world.read('config')).toBe(`${W1_CONFIG}[profile dev]\nmfa_serial = ${MFA_SERIAL}\nregion = eu-west-2\n`);

    // readonly sets no region and no MFA device the AWS CLI could use: dev's serve it
    const sw = await rolecall(world, ['switch', 'readonly', '--target', 'ro', '--mfa', world.sts.totp(MFA_SERIAL)]);
    expect(sw.code).toBe(0);
    const who = await awsCli(world, ['sts', 'get-caller-identity', '--profile', 'ro']);
    expect(who.stderr).toBe('');
    expect(world.sts.calls.at(-1)).toMatchObject({ action: 'GetCallerIdentity', status: 200, signingRegion: 'eu-west-2' });
  });

  it('--region without --write-config is a usage error; a profile with its own credential source is refused by name', async () => {
    const usage = await rolecall(world, ['add', 'dev', '--region', 'eu-west-1'], keys());
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--write-config');
    for (const line of ['credential_process = /usr/bin/false', 'sso_session = corp', 'credential_source = Environment']) {
      writeFileSync(world.configFile, `${W1_CONFIG}\n[profile dev]\nregion = eu-west-1\n${line}\n`);
      const r = await rolecall(world, ['add', 'dev', '--write-config'], keys());
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`\`dev\` already gets credentials from \`${line.split(' ')[0]}\` in ${world.configFile}`);
      expect(r.stderr).toMatch(/\n {2}→ /);
    }
    const admin = await rolecall(world, ['add', 'admin'], keys());
    expect(admin.stderr).toContain(`\`admin\` already gets credentials from \`role_arn\` and \`source_profile\` in ${world.configFile}`);
    const list = JSON.parse((await rolecall(world, ['list', '--json'])).stdout) as Array<{ name: string; origin?: string }>;
    expect(list.filter((p) => p.origin === 'keychain')).toEqual([]);
  });

  it('import takes a config section\'s mfa_serial along, and skips a profile that gets credentials elsewhere', async () => {
    writeFileSync(world.configFile, `${W1_CONFIG}\n[profile dev]\nmfa_serial = ${MFA_SERIAL}\nregion = eu-west-1\n\n[profile proc]\ncredential_process = /usr/bin/false\n`);
    writeFileSync(world.credentialsFile, `[dev]\naws_access_key_id = ${world.keys.accessKeyId}\naws_secret_access_key = ${world.keys.secretAccessKey}\n\n[proc]\naws_access_key_id = AKIAPROC000000000000\naws_secret_access_key = p\n`);
    const r = await rolecall(world, ['import', '--json', 'dev', 'proc']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { imported: string[]; skipped: Array<{ name: string; reason: string }> };
    expect(result.imported).toEqual(['dev']);
    expect(result.skipped).toEqual([{ name: 'proc', reason: `\`proc\` already gets credentials from \`credential_process\` in ${world.configFile}` }]);
    const dev = (JSON.parse((await rolecall(world, ['list', '--json'])).stdout) as Array<Record<string, unknown>>).find((p) => p.name === 'dev');
    expect(dev).toMatchObject({ origin: 'keychain', mfaSerial: MFA_SERIAL, region: 'eu-west-1', settingOrigins: { mfaSerial: 'config-file', region: 'config-file' } });
  });

  it('doctor warns about a BOM botocore cannot parse; --fix-bom removes exactly those 3 bytes after a backup', async () => {
    const original = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(W1_CONFIG.replace(/\n/g, '\r\n'))]);
    writeFileSync(world.configFile, original, { mode: 0o600 });
    const broken = await awsCli(world, ['configure', 'list', '--profile', 'default']);
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toContain('Unable to parse config file');

    const checks = JSON.parse((await rolecall(world, ['doctor', '--json'])).stdout) as Array<{ id: string; status: string; fix?: string }>;
    expect(checks.find((c) => c.id === 'file-bom:config')).toMatchObject({ status: 'warn', fix: 'rolecall doctor --fix-bom' });
    expect(checks.find((c) => c.id === 'file-bom:credentials')).toMatchObject({ status: 'ok' });

    const fixed = await rolecall(world, ['doctor', '--fix-bom', '--json']);
    expect(fixed.stderr).toMatch(new RegExp(`^Removed the byte order mark from ${world.configFile}; the previous file is at `, 'm'));
    expect(readFileSync(world.configFile).equals(original.subarray(3))).toBe(true);
    const backups = readdirSync(join(world.home, '.aws')).filter((f) => f.startsWith('config.rolecall-backup'));
    expect(backups).toHaveLength(1);
    const backup = join(world.home, '.aws', backups[0]!);
    expect(readFileSync(backup).equals(original)).toBe(true);
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    expect((JSON.parse(fixed.stdout) as Array<{ id: string; status: string }>).find((c) => c.id === 'file-bom:config')?.status).toBe('ok');
    const works = await awsCli(world, ['configure', 'list', '--profile', 'default']);
    expect(works.stderr).toBe('');
    expect(works.code).toBe(0);
    expect(works.stdout).toMatch(/region +eu-west-1 +config-file/);

    const nothing = await rolecall(world, ['doctor', '--fix-bom']);
    expect(nothing.stderr).toContain('Neither AWS file starts with a byte order mark');
    expect(readFileSync(world.configFile).equals(original.subarray(3))).toBe(true);
  });
});
