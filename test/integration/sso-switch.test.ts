/**
 * An IAM Identity Center profile is switchable like any role profile: `switchTo` writes the role's
 * credentials (from GetRoleCredentials with the cached sign-in token) into the target with the
 * marker and expiry, the signature-verifying loopback STS and the real AWS CLI accept them, and
 * `credential-process` / `exec` serve them. Without a usable token: SsoLoginRequired (exit 3)
 * naming `rolecall sso login <session>`, and nothing written.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../electron/core/sessions/clock';
import { ssoSessionSource } from '../../electron/core/sso/config';
import { ssoLogin } from '../../electron/core/sso/login';
import { runCli } from '../fixtures/cli-runner';
import { AWS_CLI, missing } from '../fixtures/components';
import { W1_CONFIG, createWorld, type World } from '../fixtures/core-harness';
import { startLoopbackSso, type LoopbackSso } from '../fixtures/loopback-sso/server';
import { failure } from '../reliability/helpers';

const START_URL = 'https://d-1234567890.awsapps.com/start';
const SSO_ROLE = 'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef';
const CONFIG = `${W1_CONFIG}
[sso-session work]
sso_start_url = ${START_URL}
sso_region = eu-west-1

[profile sso-admin]
sso_session = work
sso_account_id = 111111111111
sso_role_name = Admin
region = eu-west-1
`;

describe.skipIf(missing('keyring', 'aws-cli'))('switching to an IAM Identity Center profile', () => {
  let world: World;
  let sso: LoopbackSso;
  let env: Record<string, string>;
  beforeEach(async () => {
    world = await createWorld({ config: CONFIG });
    world.sts.addRole({ roleArn: SSO_ROLE, trust: [] });
    sso = await startLoopbackSso({ now: () => world.clock.now(), mint: () => world.sts.issueRoleCredentials({ roleArn: SSO_ROLE, sessionName: 'test-user@example.com', durationSeconds: 3600 }) });
    env = { ...world.env, AWS_ENDPOINT_URL_SSO: sso.url, AWS_ENDPOINT_URL_SSO_OIDC: sso.url };
  });
  afterEach(async () => {
    await sso.close();
    await world.close();
  });

  /** Signs in through the authorization-code flow, a browser that approves at once. */
  async function signIn(): Promise<void> {
    const files = { configFile: {}, credentialsFile: {}, ssoSessions: { work: { sso_start_url: START_URL, sso_region: 'eu-west-1' } } };
    const still: Clock = { now: () => world.clock.now(), setTimer: () => 0, clearTimer: () => undefined };
    await ssoLogin({ env, home: world.home, clock: still }, ssoSessionSource(files, 'work'), {
      openBrowser: async (url) => void setImmediate(() => void fetch(url).then((r) => r.text())),
      onPrompt: () => undefined,
    });
  }

  it('writes the role\'s credentials with the marker; STS and the AWS CLI accept them', async () => {
    await signIn();
    const core = await world.core({ env });
    const session = await core.switchTo('sso-admin', { target: 'work' });
    expect(session.identityArn).toBe('arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/test-user@example.com');
    expect(session.sourceProfile).toBe('sso-session work');
    const text = world.read('credentials');
    expect(text).toMatch(/^\[work\]\n# rolecall:managed expires=\S+ source=sso-admin identity=\S+ kind=assumed-role-chained via=sso-session%20work /);
    expect(text).toMatch(/\nregion = eu-west-1\n/);
    const { stdout } = await promisify(execFile)(AWS_CLI, ['sts', 'get-caller-identity', '--profile', 'work', '--endpoint-url', world.sts.url, '--output', 'json'], { env: world.cliEnv(), encoding: 'utf8' });
    expect(JSON.parse(stdout).Arn).toBe(session.identityArn);
    expect(sso.calls.filter((c) => c.op === 'GetRoleCredentials')).toHaveLength(1);
  });

  it('without a token: SsoLoginRequired naming the sign-in command, and nothing written', async () => {
    const core = await world.core({ env });
    const e = await failure(core.switchTo('sso-admin', { target: 'work' }));
    expect(e.code).toBe('SsoLoginRequired');
    expect(e.action).toBe('Run rolecall sso login work.');
    expect(world.read('credentials')).toBe('');
    const cp = await runCli(['credential-process', '--profile', 'sso-admin'], { env });
    expect(cp.code).toBe(3);
    expect(cp.stderr).toBe('rolecall: Sign-in to IAM Identity Center needed for "work": no cached token.\n  → Run rolecall sso login work.\n');
    expect(cp.stdout).toBe('');
  });

  it('a token revoked at the portal is a sign-in prompt too (exit 3), not a portal error', async () => {
    await signIn();
    sso.state.portalFails = { status: 401, type: 'UnauthorizedException' };
    const r = await runCli(['switch', 'sso-admin', '--target', 'work'], { env });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no longer accepts the token.*\n {2}→ Run rolecall sso login work\./);
    expect(world.read('credentials')).toBe('');
  });

  it('rolecall login signs in to the console with the role (federation, no SessionDuration)', async () => {
    await signIn();
    const r = await runCli(['login', 'sso-admin', '--stdout'], { env: { ...env, ROLECALL_FEDERATION_ENDPOINT: world.sts.federationUrl } });
    expect(r.code, r.stderr).toBe(0);
    const token = new URL(r.stdout.trim()).searchParams.get('SigninToken')!;
    expect(world.sts.describeSigninToken(token)).toMatchObject({ arn: expect.stringContaining('AWSReservedSSO_Admin') });
    expect(world.sts.describeSigninToken(token)?.sessionDuration).toBeUndefined();
  });

  it('credential-process and exec --json serve the role from the CLI', async () => {
    await signIn();
    const cp = await runCli(['credential-process', '--profile', 'sso-admin'], { env });
    expect(cp.code, cp.stderr).toBe(0);
    const out = JSON.parse(cp.stdout);
    expect(out).toMatchObject({ Version: 1 });
    expect(world.sts.describeCredentials(out.AccessKeyId)?.arn).toContain('AWSReservedSSO_Admin');
    const ex = await runCli(['exec', 'sso-admin', '--json'], { env });
    expect(ex.code, ex.stderr).toBe(0);
    const vars = JSON.parse(ex.stdout);
    expect(vars.AWS_REGION).toBe('eu-west-1');
    expect(world.sts.describeCredentials(vars.AWS_ACCESS_KEY_ID)?.arn).toContain('AWSReservedSSO_Admin');
  });
});
