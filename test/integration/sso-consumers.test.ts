/**
 * The token cache is shared with the real consumers, in both directions. This AWS CLI (2.9.19) and
 * botocore 1.29 ignore AWS_ENDPOINT_URL_SSO*, so they reach the loopback IAM Identity Center
 * through a TLS-intercepting proxy with a throwaway CA (tls-proxy.ts) that answers only for the
 * region's portal and OIDC hosts:
 * - after `rolecall sso login`, the AWS CLI and boto3 get role credentials for an sso_session
 *   profile with Rolecall's token (the portal issued them to that token);
 * - botocore refreshing that token writes the cache its own way, and Rolecall then uses the token
 *   botocore wrote (the one Rolecall had is revoked first, so nothing else could answer).
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenCachePath } from '../../electron/core/sso/token-cache';
import { AWS_CLI, PYTHON, missing } from '../fixtures/components';
import { decideWhenPrinted, SESSION_CONFIG, START_URL, startSsoCliWorld, type SsoCliWorld } from '../fixtures/loopback-sso/cli-world';
import { startTlsProxy, type TlsProxy } from '../fixtures/loopback-sso/tls-proxy';

const run = promisify(execFile);
const HOSTS = ['portal.sso.eu-west-1.amazonaws.com', 'oidc.eu-west-1.amazonaws.com'];
const PROFILE = '\n[profile dev-admin]\nsso_session = work\nsso_account_id = 111111111111\nsso_role_name = Admin\nregion = eu-west-1\n';

describe.skipIf(missing('aws-cli', 'boto3'))('the SSO token cache with the AWS CLI and boto3', () => {
  let w: SsoCliWorld;
  let proxy: TlsProxy;
  let consumerEnv: Record<string, string>;
  const cache = () => tokenCachePath(w.home, { sessionName: 'work', startUrl: START_URL });
  beforeAll(async () => {
    w = await startSsoCliWorld({}, SESSION_CONFIG + PROFILE);
    proxy = await startTlsProxy(HOSTS, w.sso.url);
    consumerEnv = { HOME: w.home, PATH: '/usr/bin:/bin', HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: proxy.caFile, AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '' };
    const login = await w.run(['sso', 'login', 'work', '--device-code'], { onStderr: decideWhenPrinted(w.sso, true) });
    expect(login.code, login.stderr).toBe(0);
  });
  afterAll(async () => {
    await proxy?.close();
    await w?.close();
  });

  it('the AWS CLI gets role credentials with the token Rolecall cached', async () => {
    const { stdout } = await run(AWS_CLI, ['configure', 'export-credentials', '--profile', 'dev-admin', '--format', 'process'], { env: consumerEnv });
    const creds = JSON.parse(stdout);
    expect(w.sso.issued[creds.AccessKeyId]).toMatchObject({ secretAccessKey: creds.SecretAccessKey, account: '111111111111', role: 'Admin' });
    expect(proxy.connects).toContain('portal.sso.eu-west-1.amazonaws.com');
  });

  it('boto3 gets role credentials with the token Rolecall cached', async () => {
    const py = 'import boto3, json\nc = boto3.Session(profile_name="dev-admin").get_credentials().get_frozen_credentials()\nprint(json.dumps([c.access_key, c.secret_key]))';
    const [key, secret] = JSON.parse((await run(PYTHON, ['-c', py], { env: consumerEnv })).stdout);
    expect(w.sso.issued[key]).toMatchObject({ secretAccessKey: secret, role: 'Admin' });
  });

  it('Rolecall uses a token botocore refreshed and wrote back the way it writes the cache', async () => {
    const ours = JSON.parse(readFileSync(cache(), 'utf8'));
    // inside botocore's 15-minute window: its SSOTokenProvider refreshes and saves the result
    writeFileSync(cache(), JSON.stringify({ ...ours, expiresAt: new Date(Date.now() + 5 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z') }));
    const py = 'import botocore.session\nfrom botocore.tokens import SSOTokenProvider\ns = botocore.session.Session(profile="dev-admin")\nprint(SSOTokenProvider(s).load_token().get_frozen_token().token)';
    const fresh = (await run(PYTHON, ['-c', py], { env: consumerEnv })).stdout.trim();
    const written = readFileSync(cache(), 'utf8');
    const theirs = JSON.parse(written);
    expect(theirs.accessToken).toBe(fresh);
    expect(fresh).not.toBe(ours.accessToken);
    expect(theirs.refreshToken).not.toBe(ours.refreshToken);
    w.sso.revoke(ours.accessToken);
    const list = await w.run(['sso', 'list', 'work', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).accounts).toHaveLength(3);
    expect(readFileSync(cache(), 'utf8')).toBe(written); // botocore's token was good: nothing rewritten
  });
});
