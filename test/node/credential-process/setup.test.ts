import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setupCredentialProcessProfile } from '../../../electron/core/credential-process/setup';
import { AWS_CLI, missing } from '../../fixtures/components';
import { tempAppDir } from './helpers';

let tmp: { dir: string; cleanup(): Promise<void> };
let configFile: string;
let credentialsFile: string;
const NOW = new Date('2026-03-01T10:00:00Z');

beforeEach(async () => {
  tmp = await tempAppDir();
  await mkdir(tmp.dir, { recursive: true });
  configFile = join(tmp.dir, 'config');
  credentialsFile = join(tmp.dir, 'credentials');
});
afterEach(() => tmp.cleanup());

const ORIGINAL = '# my comment\r\n[profile admin]\r\nrole_arn = arn:aws:iam::123456789012:role/Admin\r\nsource_profile = me ; not a comment for botocore\r\n\r\n[default]\r\nregion = eu-west-1\r\n';

describe('setupCredentialProcessProfile', () => {
  it('appends a marked section, keeps every other byte, and backs the file up first', async () => {
    await writeFile(configFile, ORIGINAL);
    const r = await setupCredentialProcessProfile({ configFile, credentialsFile, profile: 'admin', as: 'admin-cli', command: ['/usr/bin/node', '/opt/My Apps/rolecall.cjs'], region: 'eu-west-1', platform: 'linux', now: NOW });
    expect(r.section).toBe('profile admin-cli');
    expect(r.profileName).toBe('admin-cli');
    const text = await readFile(configFile, 'utf8');
    expect(text.startsWith(ORIGINAL)).toBe(true);
    const added = text.slice(ORIGINAL.length).split('\r\n');
    expect(added[0]).toBe('[profile admin-cli]');
    expect(added[1]).toMatch(/^# rolecall:managed .*source=admin/);
    expect(added).toContain('credential_process = "/usr/bin/node" "/opt/My Apps/rolecall.cjs" credential-process --profile admin');
    expect(added).toContain('region = eu-west-1');
    expect(await readFile(r.backupPath!, 'utf8')).toBe(ORIGINAL);
  });

  it('rewrites its own section in place on a second run', async () => {
    await writeFile(configFile, ORIGINAL);
    await setupCredentialProcessProfile({ configFile, profile: 'admin', as: 'admin-cli', command: '/old/rolecall', platform: 'linux', now: NOW });
    await setupCredentialProcessProfile({ configFile, profile: 'admin', as: 'admin-cli', command: '/new/rolecall', platform: 'linux', now: NOW });
    const text = await readFile(configFile, 'utf8');
    expect(text.match(/\[profile admin-cli\]/g)).toHaveLength(1);
    expect(text).toContain('"/new/rolecall" credential-process');
    expect(text).not.toContain('/old/rolecall');
  });

  it.each(['[profile  admin-cli]', '[profile "admin-cli"]', '[profile\tadmin-cli]'])('finds the profile under %s as the AWS CLI does: its role_arn is refused, a plain section is not silently doubled', async (header) => {
    const shadowing = `${header}\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = me\n`;
    await writeFile(configFile, shadowing);
    const run = (takeOver?: boolean) =>
      setupCredentialProcessProfile({ configFile, profile: 'admin', as: 'admin-cli', command: '/x/rolecall', platform: 'linux', now: NOW, ...(takeOver ? { takeOver } : {}) }).then(
        () => 'written',
        (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`,
      );
    expect(await run(true)).toMatch(/^TargetShadowed: .*role_arn, source_profile/);
    expect(await readFile(configFile, 'utf8')).toBe(shadowing);
    const plain = `${header}\nregion = eu-west-1\n`;
    await writeFile(configFile, plain);
    expect(await run()).toContain(`SectionNotManaged: The section ${header}`);
    expect(await run(true)).toBe('written');
    const text = await readFile(configFile, 'utf8');
    expect(text.startsWith(`${header}\n# rolecall:managed`)).toBe(true);
    expect(text.match(/admin-cli/g)).toHaveLength(1);
  });

  it('refuses a profile that has credentials of its own, even with takeOver, and leaves the file alone', async () => {
    await writeFile(configFile, ORIGINAL);
    await expect(setupCredentialProcessProfile({ configFile, profile: 'admin', command: '/x', takeOver: true, now: NOW })).rejects.toMatchObject({ code: 'TargetShadowed' });
    await writeFile(credentialsFile, '[admin-cli]\naws_access_key_id = AKIAX\naws_secret_access_key = s\n');
    await expect(setupCredentialProcessProfile({ configFile, credentialsFile, profile: 'admin', as: 'admin-cli', command: '/x', now: NOW })).rejects.toMatchObject({ code: 'TargetShadowed' });
    expect(await readFile(configFile, 'utf8')).toBe(ORIGINAL);
    expect((await readdir(tmp.dir)).filter((f) => f.includes('backup'))).toEqual([]);
  });

  it("replaces the user's own section only with takeOver, after a backup", async () => {
    await writeFile(configFile, ORIGINAL);
    await expect(setupCredentialProcessProfile({ configFile, profile: 'admin', as: 'default', command: '/x', now: NOW })).rejects.toMatchObject({ code: 'SectionNotManaged' });
    const r = await setupCredentialProcessProfile({ configFile, profile: 'admin', as: 'default', command: '/x', takeOver: true, platform: 'linux', now: NOW });
    expect(r.section).toBe('default');
    expect(await readFile(r.backupPath!, 'utf8')).toBe(ORIGINAL);
    expect(await readFile(configFile, 'utf8')).toContain('credential_process = "/x" credential-process --profile admin');
  });

  it('creates the config file when there is none (no backup needed)', async () => {
    const r = await setupCredentialProcessProfile({ configFile, profile: 'admin', as: 'admin-cli', command: '/x', platform: 'linux', now: NOW });
    expect(r.backupPath).toBeUndefined();
    expect(await readFile(configFile, 'utf8')).toContain('[profile admin-cli]');
  });

  it.skipIf(missing('aws-cli'))('the AWS CLI runs the written line and reads the credentials it prints', async () => {
    const scriptDir = join(tmp.dir, 'dir with space');
    await mkdir(scriptDir);
    const script = join(scriptDir, 'fake rolecall.js');
    await writeFile(
      script,
      `const a = process.argv.slice(2);
       if (a.join(' ') !== 'credential-process --profile admin') { console.error('bad argv ' + JSON.stringify(a)); process.exit(3); }
       console.log(JSON.stringify({ Version: 1, AccessKeyId: 'ASIAFROMSCRIPT', SecretAccessKey: 'sk', SessionToken: 'st', Expiration: new Date(Date.now() + 3600e3).toISOString() }));`,
    );
    await writeFile(configFile, ORIGINAL);
    await setupCredentialProcessProfile({ configFile, credentialsFile, profile: 'admin', as: 'admin-cli', command: [process.execPath, script], now: NOW });
    const env = { PATH: process.env.PATH ?? '', HOME: tmp.dir, AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_EC2_METADATA_DISABLED: 'true' };
    const r = spawnSync(AWS_CLI, ['configure', 'export-credentials', '--profile', 'admin-cli', '--format', 'process'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1, AccessKeyId: 'ASIAFROMSCRIPT', SessionToken: 'st' });
  });
});
