/**
 * The `rolecall` CLI as users run it: the built bin, real keychain, loopback STS, and the real AWS
 * CLI consuming what it writes (profiles and credential_process).
 */
import { execFile, spawn } from 'node:child_process';
import { appendFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AWS_CLI, missing } from '../fixtures/components';
import { MFA_SERIAL, createWorld, randomKeyId, randomSecret, type World } from '../fixtures/core-harness';

const BIN = resolve('bin/rolecall.cjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function rolecall(world: World, args: string[], input = ''): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: world.cliEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

async function aws(world: World, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await promisify(execFile)(AWS_CLI, [...args, '--endpoint-url', world.sts.url, '--output', 'json'], { env: world.cliEnv(), encoding: 'utf8' });
    return { ...r, code: 0 };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; code: number };
    return { stdout: err.stdout, stderr: err.stderr, code: err.code };
  }
}

describe.skipIf(missing('keyring', 'aws-cli'))('rolecall CLI', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  const add = () => rolecall(world, ['add', 'dev', '--mfa-serial', MFA_SERIAL], `${world.keys.accessKeyId}\n${world.keys.secretAccessKey}\n`);

  it('add, list, switch (exit 3 without a code), status, signout', async () => {
    const added = await add();
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('arn:aws:iam::123456789012:user/dev-user');
    expect(added.stdout).not.toContain(world.keys.secretAccessKey);

    const list = await rolecall(world, ['list', '--json']);
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as Array<{ name: string; kind: string; chain: string[]; origin?: string }>;
    expect(rows.find((r) => r.name === 'dev')).toMatchObject({ kind: 'source', origin: 'keychain' });
    expect(rows.find((r) => r.name === 'admin')).toMatchObject({ kind: 'role', chain: ['admin', 'dev'] });

    const noCode = await rolecall(world, ['switch', 'admin', '--target', 'work']);
    expect(noCode.code).toBe(3);
    expect(noCode.stderr).toContain(`MFA code required for ${MFA_SERIAL}`);
    expect(world.read('credentials')).toBe('');

    const sw = await rolecall(world, ['switch', 'admin', '--target', 'work', '--mfa', world.sts.totp(MFA_SERIAL)]);
    expect(sw.stderr).not.toMatch(/error/i);
    expect(sw.code).toBe(0);
    expect(sw.stdout).toMatch(/Switched to admin as arn:aws:sts::123456789012:assumed-role\/AdminRole\//);
    const who = await aws(world, ['sts', 'get-caller-identity', '--profile', 'work']);
    expect(who.code).toBe(0);
    expect(JSON.parse(who.stdout).Arn).toContain('assumed-role/AdminRole/');

    const status = await rolecall(world, ['status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject([{ profile: 'admin', target: 'work' }]);

    const out = await rolecall(world, ['signout', 'admin']);
    expect(out.code).toBe(0);
    expect(world.read('credentials')).not.toContain('[work]');
    expect(JSON.parse((await rolecall(world, ['status', '--json'])).stdout)).toEqual([]);
  });

  it('explains bad input with a one-line error and the documented exit codes', async () => {
    const badKey = await rolecall(world, ['add', 'x'], 'not-a-key\nsecret\n');
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toMatch(/^rolecall: The access key ID must start with AKIA/m);
    expect(badKey.stderr).not.toContain('secret');
    const unknown = await rolecall(world, ['switch', 'nope']);
    expect(unknown.code).toBe(7);
    expect(unknown.stderr).toContain('There is no profile named "nope"');
    expect((await rolecall(world, ['frobnicate'])).code).toBe(2);
    const noConfirm = await rolecall(world, ['remove', 'dev']);
    expect(noConfirm.code).toBe(2);
    expect(noConfirm.stderr).toContain('--yes');
  });

  it('import --scrub moves plaintext keys to the keychain, keeps every other byte and writes a backup', async () => {
    const plain = { accessKeyId: world.keys.accessKeyId, secretAccessKey: world.keys.secretAccessKey };
    const other = { id: randomKeyId(), secret: randomSecret() };
    const original = [
      '; written by hand\r\n',
      '[other]\r\n',
      `aws_access_key_id=${other.id}\r\n`,
      `aws_secret_access_key=${other.secret}\r\n`,
      '\r\n',
      '# the daily keys\r\n',
      '[dev]\r\n',
      `aws_access_key_id = ${plain.accessKeyId}\r\n`,
      '# keep this note\r\n',
      `aws_secret_access_key = ${plain.secretAccessKey}\r\n`,
      'region = eu-west-1\r\n',
      '[tail]\r\n',
      'x = 1',
    ].join('');
    writeFileSync(world.credentialsFile, original, { mode: 0o600 });
    const r = await rolecall(world, ['import', '--scrub', 'dev']);
    // the backup is the user's safety net, without the secret it scrubbed (#13 medium 1)
    expect(r.stderr).toMatch(/^The secret keys are redacted in that backup \(mode 0600\)/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Imported dev into the keychain');
    const after = world.read('credentials');
    expect(after).toBe(original.replace(`aws_access_key_id = ${plain.accessKeyId}\r\n`, '').replace(`aws_secret_access_key = ${plain.secretAccessKey}\r\n`, ''));
    const backups = readdirSync(join(world.home, '.aws')).filter((f) => f.includes('rolecall-backup'));
    expect(backups).toHaveLength(1);
    expect(world.read('credentials')).not.toContain(plain.secretAccessKey);
    // no file under HOME keeps the scrubbed secret: not the backup, not a temp or lock file
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    for (const f of walk(world.home)) expect(readFileSync(f, 'latin1'), f).not.toContain(plain.secretAccessKey);
    const backup = readFileSync(join(world.home, '.aws', backups[0]!), 'latin1');
    expect(backup).toContain(other.secret);
    expect(backup).toContain(`aws_access_key_id = ${plain.accessKeyId}\r\n# keep this note\r\n# aws_secret_access_key redacted`);
    // the keys now come from the keychain: a switch works with no plaintext left
    const sw = await rolecall(world, ['switch', 'admin', '--target', 'work', '--mfa', world.sts.totp(MFA_SERIAL)]);
    expect(sw.code).toBe(0);
  });

  it('doctor --clean-backups redacts secret keys left in backups beside the AWS files, only when confirmed', async () => {
    const secret = randomSecret();
    const old = join(world.home, '.aws', 'credentials.rolecall-backup-20250101T000000Z');
    writeFileSync(old, `[dev]\naws_access_key_id = ${randomKeyId()}\naws_secret_access_key = ${secret}\n`, { mode: 0o600 });
    const seen = await rolecall(world, ['doctor', '--json']);
    expect(JSON.parse(seen.stdout)).toContainEqual(expect.objectContaining({ id: 'secret-leftovers', status: 'warn', message: expect.stringContaining(old) }));
    const refused = await rolecall(world, ['doctor', '--clean-backups']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --yes');
    expect(readFileSync(old, 'latin1')).toContain(secret);
    const cleaned = await rolecall(world, ['doctor', '--clean-backups', '--yes']);
    expect(cleaned.stderr).toContain(`Redacted the secret keys in ${old}`);
    expect(readFileSync(old, 'latin1')).not.toContain(secret);
    expect(cleaned.stdout).toMatch(/ok\s+No backups or other files beside your AWS files hold secret keys/);
  });

  it('credential_process (standalone) serves the AWS CLI, and setup-credential-process writes the profile', async () => {
    // aws-vault's layout: the source's region in its own config section serves every role on it
    appendFileSync(world.configFile, '\n[profile dev]\nregion = eu-west-1\n');
    await add();
    const first = await rolecall(world, ['switch', 'admin', '--target', 'work', '--mfa', world.sts.totp(MFA_SERIAL)]);
    expect(first.code).toBe(0);
    const setup = await rolecall(world, ['setup-credential-process', 'readonly', '--as', 'ro-cli']);
    expect(setup.stderr).toBe('');
    expect(setup.code).toBe(0);
    expect(world.read('config')).toMatch(/\[profile ro-cli\]\n# rolecall:managed[^\n]*\ncredential_process = [^\n]*\nregion = eu-west-1\n/);
    const out = await rolecall(world, ['credential-process', '--profile', 'readonly']);
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json).toMatchObject({ Version: 1 });
    expect(json.AccessKeyId).toMatch(/^ASIA/);
    expect(Date.parse(json.Expiration) - Date.now()).toBeGreaterThan(15 * 60_000);
    const who = await aws(world, ['sts', 'get-caller-identity', '--profile', 'ro-cli']);
    expect(who.stderr).toBe('');
    expect(JSON.parse(who.stdout).Arn).toContain('assumed-role/ReadOnlyRole/');
  });

  it('credential_process without a terminal and no MFA session fails clearly (exit 3)', async () => {
    await add();
    const r = await rolecall(world, ['credential-process', '--profile', 'admin']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('there is no terminal to ask on');
    expect(r.stdout).toBe('');
  });
});
