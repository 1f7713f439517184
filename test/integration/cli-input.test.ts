/**
 * How the CLI takes an MFA code and what it says about a bad profile value:
 * - `--mfa -` reads the code from stdin (never from the process list); anything but six digits is
 *   a usage error (exit 2) that never echoes what was read;
 * - on a terminal, with no `--mfa`, it asks (a real pseudo-terminal through util-linux `script`);
 * - a region or role ARN in the AWS files that STS cannot take exits 7 (AWS files problem), before
 *   the role is asked for; a bad `--region` typed on the command line stays a usage error (2).
 * Built CLI, real keychain, signature-verifying loopback STS, the AWS CLI reading the result.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { AWS_CLI, missing } from '../fixtures/components';
import { ACCOUNT, MFA_SERIAL, READ_ROLE, W1_CONFIG, createWorld, type World } from '../fixtures/core-harness';
import { BIN, CRASH_SIGNS, runCli } from '../fixtures/cli-runner';

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

async function world(config = W1_CONFIG): Promise<World> {
  const w = await createWorld({ config });
  worlds.push(w);
  const added = await runCli(['add', 'dev', '--mfa-serial', MFA_SERIAL, '--no-verify'], { env: w.env, input: `${w.keys.accessKeyId}\n${w.keys.secretAccessKey}\n` });
  expect(added.code, added.stderr).toBe(0);
  return w;
}

const stsCalls = (w: World) => w.sts.calls.filter((c) => !c.action.startsWith('federation:')).length;

describe.skipIf(missing('keyring', 'aws-cli'))('--mfa - and the terminal prompt', () => {
  it('takes the code from stdin, trimmed, and the AWS CLI signs with the result', async () => {
    const w = await world();
    const r = await runCli(['switch', 'admin', '--mfa', '-'], { env: w.env, input: `  ${w.sts.totp(MFA_SERIAL)} \r\n` });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { stdout } = await promisify(execFile)(AWS_CLI, ['sts', 'get-caller-identity', '--endpoint-url', w.sts.url, '--output', 'json'], { env: w.env });
    expect(JSON.parse(stdout).Arn).toContain('assumed-role/AdminRole/');
  });

  it('refuses anything but six digits on stdin (exit 2) without echoing it or calling STS', async () => {
    const w = await world();
    const notACode = fc.oneof(
      fc.stringMatching(/^\d{1,5}$|^\d{7,12}$/),
      fc.stringMatching(/^[0-9a-zA-Z+ -]{4,16}$/).filter((s) => !/^\s*\d{6}\s*$/.test(s)),
      fc.constant(''),
    );
    await fc.assert(
      fc.asyncProperty(notACode, async (line) => {
        const r = await runCli(['switch', 'admin', '--mfa', '-'], { env: w.env, input: `${line}\n` });
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^rolecall: --mfa - reads the MFA code from stdin, but (stdin was empty|its first line is not 6 digits \(\d+ characters\))\. Pipe in/);
        if (line.trim().length >= 4) expect(r.stderr).not.toContain(line.trim());
        expect(r.stderr).not.toMatch(CRASH_SIGNS);
      }),
      { numRuns: 8 },
    );
    expect(stsCalls(w)).toBe(0);
  });

  it('asks on a terminal when no code is given, and takes the typed code', async () => {
    const w = await world();
    const command = `exec ${process.execPath} ${BIN} switch admin`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: w.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    const asked = new Promise<void>((resolve) => {
      child.stdout.on('data', (d) => {
        screen += d;
        if (screen.includes(`Enter MFA code for ${MFA_SERIAL}: `)) resolve();
      });
    });
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    await asked;
    child.stdin.write(`${w.sts.totp(MFA_SERIAL)}\r`);
    const code = await exited;
    expect(screen).not.toContain('Enter MFA code for arn:aws:iam::123456789012:mfa/dev-user: Enter');
    expect(code, screen).toBe(0);
    expect(screen).toMatch(/Switched to admin as arn:aws:sts::123456789012:assumed-role\/AdminRole\//);
    child.stdin.end();
  });
});

/** W1's config with the readonly profile's region (or role ARN) replaced. */
const readonlyWith = (key: 'region' | 'role_arn', value: string) =>
  W1_CONFIG.replace(`role_arn = ${READ_ROLE}\nmfa_serial = ${MFA_SERIAL}\n`, `${key === 'role_arn' ? `role_arn = ${value}` : `role_arn = ${READ_ROLE}\nregion = ${value}`}\nmfa_serial = ${MFA_SERIAL}\n`);

describe.skipIf(missing('keyring', 'aws-cli'))('a bad value in the AWS files', () => {
  it('exits 7 for a region STS cannot take, and writes nothing', async () => {
    const badRegion = fc.stringMatching(/^[a-z]{2}[-_.A-Z!]{1,3}[a-zA-Z0-9]{1,8}$/).filter((r) => !/^[a-z0-9-]{2,40}$/.test(r));
    const regions = fc.sample(badRegion, { numRuns: 4, seed: 20 });
    for (const region of regions) {
      const w = await world(readonlyWith('region', region));
      const r = await runCli(['switch', 'readonly', '--mfa', w.sts.totp(MFA_SERIAL)], { env: w.env });
      expect(r.code, `${region}: ${r.stderr}`).toBe(7);
      expect(r.stderr).toContain(`rolecall: "${region}" is not an AWS region name.`);
      expect(r.stderr).toContain('→ Fix the region in the profile');
      // the source's MFA session may be made first (and is kept); the role is never asked for
      expect(w.sts.calls.filter((c) => c.action === 'AssumeRole')).toEqual([]);
      expect(w.read('credentials')).toBe('');
    }
  });

  it('exits 7 for a role ARN that is not one', async () => {
    for (const arn of ['admin', `arn:aws:iam::${ACCOUNT}:user/ReadOnly`, `arn:aws:iam::12345:role/R`, `arn:aws:sts::${ACCOUNT}:role/R`]) {
      const w = await world(readonlyWith('role_arn', arn));
      const r = await runCli(['switch', 'readonly', '--mfa', w.sts.totp(MFA_SERIAL)], { env: w.env });
      expect(r.code, `${arn}: ${r.stderr}`).toBe(7);
      expect(r.stderr).toContain(arn);
      expect(stsCalls(w)).toBe(0);
    }
  });

  it('login: a profile region the console cannot take exits 7, a bad --region typed here exits 2', async () => {
    const w = await world(readonlyWith('region', 'eu-west'));
    const env = { ...w.env, ROLECALL_FEDERATION_ENDPOINT: w.sts.federationUrl };
    expect((await runCli(['switch', 'readonly', '--mfa', w.sts.totp(MFA_SERIAL)], { env })).code).toBe(0);
    const fromProfile = await runCli(['login', 'readonly', '--stdout'], { env });
    expect(fromProfile.code).toBe(7);
    expect(fromProfile.stderr).toContain('"eu-west" is not an AWS region name.');
    const typed = await runCli(['login', 'readonly', '--stdout', '--region', 'eu_west_1'], { env });
    expect(typed.code).toBe(2);
    expect(typed.stderr).toContain('"eu_west_1" is not an AWS region name.');
    expect((await runCli(['login', 'readonly', '--stdout', '--region', 'eu-west-1'], { env })).code).toBe(0);
  });
});
