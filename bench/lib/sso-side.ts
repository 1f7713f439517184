/**
 * The IAM Identity Center side of the credential_process bench: an `[sso-session]` and an SSO role
 * profile in the world's config, the loopback IAM Identity Center minting role credentials the
 * loopback STS accepts, and a sign-in already done (the token in the world's ~/.aws/sso/cache), so
 * the SSO role can be timed warm next to the IAM-user role.
 */
import type { Clock } from '../../electron/core/sessions/clock';
import { ssoSessionSource } from '../../electron/core/sso/config';
import { ssoLogin } from '../../electron/core/sso/login';
import type { World } from '../../test/fixtures/core-harness';
import { startLoopbackSso, type LoopbackSso } from '../../test/fixtures/loopback-sso/server';

export const SSO_PROFILE = 'sso-admin';
const START_URL = 'https://d-1234567890.awsapps.com/start';
const SSO_ROLE = 'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef';

export const SSO_CONFIG = `
[sso-session work]
sso_start_url = ${START_URL}
sso_region = eu-west-1

[profile ${SSO_PROFILE}]
sso_session = work
sso_account_id = 111111111111
sso_role_name = Admin
region = eu-west-1
`;

/** Starts the fixture, signs in, and returns the variables that point Rolecall at it. */
export async function prepareSsoSide(world: World): Promise<{ sso: LoopbackSso; env: Record<string, string> }> {
  world.sts.addRole({ roleArn: SSO_ROLE, trust: [] });
  const sso = await startLoopbackSso({ now: () => world.clock.now(), mint: () => world.sts.issueRoleCredentials({ roleArn: SSO_ROLE, sessionName: 'bench-user', durationSeconds: 3600 }) });
  const env = { AWS_ENDPOINT_URL_SSO: sso.url, AWS_ENDPOINT_URL_SSO_OIDC: sso.url };
  const still: Clock = { now: () => world.clock.now(), setTimer: () => 0, clearTimer: () => undefined };
  const files = { configFile: {}, credentialsFile: {}, ssoSessions: { work: { sso_start_url: START_URL, sso_region: 'eu-west-1' } } };
  await ssoLogin({ env, home: world.home, clock: still }, ssoSessionSource(files, 'work'), {
    openBrowser: async (url) => void setImmediate(() => void fetch(url).then((r) => r.text())),
    onPrompt: () => undefined,
  });
  return { sso, env };
}
