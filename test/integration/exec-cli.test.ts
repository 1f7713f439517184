/**
 * `rolecall exec` and `rolecall env` as users run them: the built bin, the real keychain, the
 * SigV4-verifying loopback STS, and real consumers (the AWS CLI, python, sh) inside the command.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_CLI, PYTHON, missing } from '../fixtures/components';
import { ACCOUNT, type World } from '../fixtures/core-harness';
import { execWorld, exitOf, shellEnv, start, waitForOutput } from './support/exec-world';
import { spawn } from 'node:child_process';
import { ROLECALL_BIN } from '../fixtures/cli-runs';

const DUMP_ENV = 'import json, os; print(json.dumps(dict(os.environ)))';

/** `rolecall …` with a user's environment plus `extra` (e.g. a stale AWS_PROFILE). */
function run(w: World, args: string[], extra: Record<string, string> = {}, input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [ROLECALL_BIN, ...args], { env: shellEnv(w, extra), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code: code ?? (signal ? -2 : -1), stdout, stderr }));
    child.stdin.end(input);
  });
}

describe.skipIf(missing('keyring', 'aws-cli', 'boto3'))('rolecall exec', () => {
  let w: World;
  beforeAll(async () => {
    w = await execWorld();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('the AWS CLI inside `exec admin --` signs as the role (loopback STS checks the signature), region from the profile', async () => {
    const r = await run(w, ['exec', 'admin', '--', AWS_CLI, 'sts', 'get-caller-identity', '--endpoint-url', w.sts.url, '--output', 'json'], { AWS_PAGER: '' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const who = JSON.parse(r.stdout) as { Arn: string; Account: string };
    expect(who.Arn).toMatch(new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/AdminRole/`));
    expect(who.Account).toBe(ACCOUNT);
  });

  it('gives the child the session, the region and ROLECALL_PROFILE, and removes shadowing variables', async () => {
    const stale = { AWS_PROFILE: 'other', AWS_DEFAULT_PROFILE: 'other', AWS_ACCESS_KEY_ID: 'AKIASTALE', AWS_SECRET_ACCESS_KEY: 'stale', AWS_SECURITY_TOKEN: 'stale', AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/x', KEEP_ME: 'yes' };
    const r = await run(w, ['exec', 'admin', '--', PYTHON, '-c', DUMP_ENV], stale);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const env = JSON.parse(r.stdout) as Record<string, string>;
    expect(env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(env.AWS_SECRET_ACCESS_KEY).toBeTruthy();
    expect(env.AWS_SESSION_TOKEN).toBeTruthy();
    expect(new Date(env.AWS_CREDENTIAL_EXPIRATION!).toISOString()).toBe(env.AWS_CREDENTIAL_EXPIRATION);
    expect(env).toMatchObject({ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1', ROLECALL_PROFILE: 'admin', KEEP_ME: 'yes' });
    for (const gone of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SECURITY_TOKEN', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) expect(env[gone], gone).toBeUndefined();
    // the secrets went through the environment only: --json shows the same names, nothing in args
    const json = JSON.parse((await run(w, ['exec', 'admin', '--json'])).stdout) as Record<string, string>;
    expect(Object.keys(json)).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'ROLECALL_PROFILE']);
  });

  it('a profile whose chain has no region leaves the user\'s region variables alone', async () => {
    const r = await run(w, ['exec', 'readonly', '--', PYTHON, '-c', DUMP_ENV], { AWS_REGION: 'ca-central-1' });
    expect(r.code).toBe(0);
    const env = JSON.parse(r.stdout) as Record<string, string>;
    expect(env.AWS_REGION).toBe('ca-central-1');
    expect(env.AWS_DEFAULT_REGION).toBeUndefined();
    expect(env.ROLECALL_PROFILE).toBe('readonly');
  });

  it.each([0, 1, 7, 42, 255])('`exec admin -- sh -c "exit %i"` exits with that status', async (status) => {
    const r = await run(w, ['exec', 'admin', '--', 'sh', '-c', `exit ${status}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(status);
  });

  it('stdin passes through to the command', async () => {
    const r = await run(w, ['exec', 'admin', '--', 'sh', '-c', 'read line; echo "got:$line"'], {}, 'hello\n');
    expect(r.stdout).toBe('got:hello\n');
  });

  it('SIGTERM to rolecall reaches the command, which decides the exit status', async () => {
    const child = start(w, ['exec', 'admin', '--', 'sh', '-c', 'trap "echo got-term; exit 3" TERM; echo ready; while :; do sleep 0.05; done']);
    await waitForOutput(child, 'ready');
    let rest = '';
    child.stdout.on('data', (d: Buffer) => (rest += d));
    child.kill('SIGTERM');
    expect(await exitOf(child)).toEqual({ code: 3, signal: null });
    expect(rest).toContain('got-term');
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const)('a command ended by %s makes rolecall exit %i (128 + n)', async (signal, status) => {
    const child = start(w, ['exec', 'admin', '--', 'sh', '-c', 'echo ready; exec sleep 600']);
    await waitForOutput(child, 'ready');
    child.kill(signal);
    expect(await exitOf(child)).toEqual({ code: status, signal: null });
  });

  it('refuses to nest inside another exec unless --force', async () => {
    const nested = await run(w, ['exec', 'admin', '--', 'true'], { ROLECALL_PROFILE: 'readonly' });
    expect(nested.code).toBe(2);
    expect(nested.stderr).toMatch(/already runs as "readonly".*--force/);
    expect(nested.stdout).toBe('');
    const forced = await run(w, ['exec', 'admin', '--force', '--', 'sh', '-c', 'echo $ROLECALL_PROFILE'], { ROLECALL_PROFILE: 'readonly' });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toBe('admin\n');
  });

  it('no command starts $SHELL; a missing command exits 127 with a clear line', async () => {
    const shell = await run(w, ['exec', 'admin'], { SHELL: '/bin/sh' }, 'echo "in-shell:$ROLECALL_PROFILE"\n');
    expect(shell.code).toBe(0);
    expect(shell.stdout).toBe('in-shell:admin\n');
    const missingCmd = await run(w, ['exec', 'admin', '--', 'no-such-command-rolecall']);
    expect(missingCmd.code).toBe(127);
    expect(missingCmd.stderr).toMatch(/^rolecall: command not found: no-such-command-rolecall\n/);
  });

  it('bad input is a clear usage error (exit 2) or the profile error (exit 7), never a stack', async () => {
    for (const [args, code, pattern] of [
      [['exec', 'admin', '--duration', '60', '--', 'true'], 2, /--duration takes whole seconds between 900 and 129600, not "60"/],
      [['exec', 'admin', 'aws', 'sts'], 2, /put "--" before the command/],
      [['exec', 'nope', '--', 'true'], 7, /nope/],
      [['env', 'admin', '--format', 'csh'], 2, /--format takes one of sh, fish, powershell, dotenv, not "csh"/],
    ] as const) {
      const r = await run(w, [...args]);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it.each([
    ['sh', ['/bin/sh', '-c']],
    ['fish', ['/usr/bin/fish', '--no-config', '-c']],
  ] as const)('`rolecall env admin --format %s` evaluated by the shell: the AWS CLI signs as the role, AWS_PROFILE is gone', async (format, shell) => {
    if (format === 'fish' && missing('fish')) return;
    const printed = await run(w, ['env', 'admin', '--format', format]);
    expect(printed.stderr).toBe('');
    expect(printed.code).toBe(0);
    const aws = `${AWS_CLI} sts get-caller-identity --endpoint-url ${w.sts.url} --output json`;
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      const child = spawn(shell[0], [...shell.slice(1), `${printed.stdout}\necho "profile=[$AWS_PROFILE] region=[$AWS_REGION]" >&2\n${aws}`], { env: shellEnv(w, { AWS_PROFILE: 'stale', AWS_PAGER: '' }) });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d));
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    });
    expect(r.stderr).toBe('profile=[] region=[eu-west-1]\n');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { Arn: string }).Arn).toMatch(/:assumed-role\/AdminRole\//);
  });

  it('--no-session gives a source\'s long-term keys, with a warning; a role profile is refused', async () => {
    const r = await run(w, ['exec', 'dev', '--no-session', '--', PYTHON, '-c', DUMP_ENV], { AWS_SESSION_TOKEN: 'stale' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: --no-session gives the command dev's long-term keys/);
    expect(r.stderr).not.toContain(w.keys.secretAccessKey);
    const env = JSON.parse(r.stdout) as Record<string, string>;
    expect(env).toMatchObject({ AWS_ACCESS_KEY_ID: w.keys.accessKeyId, AWS_SECRET_ACCESS_KEY: w.keys.secretAccessKey, ROLECALL_PROFILE: 'dev' });
    expect(env.AWS_SESSION_TOKEN).toBeUndefined();
    expect(env.AWS_CREDENTIAL_EXPIRATION).toBeUndefined();
    const who = await run(w, ['exec', 'dev', '--no-session', '--', AWS_CLI, 'sts', 'get-caller-identity', '--endpoint-url', w.sts.url, '--region', 'us-east-1', '--output', 'json'], { AWS_PAGER: '' });
    expect(who.code).toBe(0);
    expect((JSON.parse(who.stdout) as { Arn: string }).Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/dev-user`);
    const role = await run(w, ['exec', 'admin', '--no-session', '--', 'true']);
    expect(role.code).toBe(7);
    expect(role.stderr).toMatch(/"admin" is a role profile/);
    for (const args of [['--server'], ['--duration', '900'], ['--mfa', '123456']]) {
      const bad = await run(w, ['exec', 'dev', '--no-session', ...args, '--', 'true']);
      expect(bad.code, args.join(' ')).toBe(2);
    }
  });

  it('--duration asks STS for that session length', async () => {
    const json = JSON.parse((await run(w, ['exec', 'admin', '--duration', '900', '--json'])).stdout) as Record<string, string>;
    const left = new Date(json.AWS_CREDENTIAL_EXPIRATION!).getTime() - w.clock.now();
    expect(Math.ceil(left / 1000)).toBe(900); // STS states expiry to the second
  });
});
