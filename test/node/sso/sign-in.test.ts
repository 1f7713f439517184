import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../electron/core/sessions/clock';
import { ssoSessionSource } from '../../../electron/core/sso/config';
import { ssoLogin } from '../../../electron/core/sso/login';
import { ssoRoleCredentials } from '../../../electron/core/sso/role-credentials';
import { tokenCachePath } from '../../../electron/core/sso/token-cache';
import { startLoopbackSso, type LoopbackSso } from '../../fixtures/loopback-sso/server';

/** Timers fire at once, moving time by the delay asked for: polling intervals without waiting. */
function jumpingClock(start: number): Clock & { waits: number[] } {
  let now = start;
  const waits: number[] = [];
  return { waits, now: () => now, setTimer: (fn, ms) => { waits.push(ms); return setImmediate(() => { now += ms; fn(); }); }, clearTimer: (h) => clearImmediate(h as NodeJS.Immediate) };
}

const files = { configFile: {}, credentialsFile: {}, ssoSessions: { work: { sso_start_url: 'https://d-1234567890.awsapps.com/start', sso_region: 'eu-west-1', sso_registration_scopes: 'sso:account:access' } } };

describe('SSO sign-in against the loopback OIDC and portal', () => {
  let sso: LoopbackSso;
  let home: string;
  let clock: ReturnType<typeof jumpingClock>;
  beforeEach(async () => {
    clock = jumpingClock(Date.UTC(2026, 0, 1));
    sso = await startLoopbackSso({ now: () => clock.now() });
    home = mkdtempSync(join(tmpdir(), 'rolecall-sso-'));
  });
  afterEach(() => sso.close());
  const deps = () => ({ env: { AWS_ENDPOINT_URL_SSO_OIDC: sso.url, AWS_ENDPOINT_URL_SSO: sso.url }, home, clock });

  it('device flow: polls at the interval, backs off on slow_down, caches a token the portal accepts', async () => {
    sso.state.pollSlowDown = true;
    const source = ssoSessionSource(files, 'work');
    const result = await ssoLogin(deps(), source, { deviceCode: true, onPrompt: (p) => { setImmediate(() => sso.decideDevice(p.userCode, true)); } });
    expect(result.flow).toBe('device_code');
    expect(clock.waits.slice(0, 2)).toEqual([5000, 10000]);
    const path = tokenCachePath(home, source);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const cached = JSON.parse(readFileSync(path, 'utf8'));
    expect(Object.keys(cached)).toEqual(['startUrl', 'region', 'accessToken', 'expiresAt', 'clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken']);
    expect(cached.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const { credentials } = await ssoRoleCredentials({ ...deps(), files }, { session: 'work', accountId: '111111111111', roleName: 'Admin' });
    expect(sso.issued[credentials.accessKeyId]?.secretAccessKey).toBe(credentials.secretAccessKey);
  });

  it('authorization code with PKCE through the loopback callback', async () => {
    const source = ssoSessionSource(files, 'work');
    const openBrowser = async (url: string) => { setImmediate(() => void fetch(url).then((r) => r.text())); };
    // a clock whose timers never come due: the 10-minute browser deadline must not fire here
    const still: Clock = { now: () => clock.now(), setTimer: () => 0, clearTimer: () => undefined };
    const result = await ssoLogin({ ...deps(), clock: still }, source, { openBrowser, onPrompt: () => undefined });
    expect(result.flow).toBe('authorization_code');
    const cached = JSON.parse(readFileSync(tokenCachePath(home, source), 'utf8'));
    expect(sso.isValidAccessToken(cached.accessToken)).toBe(true);
  });

  it('without a token the seam says SsoLoginRequired with the command', async () => {
    await expect(ssoRoleCredentials({ ...deps(), files }, { session: 'work', accountId: '111111111111', roleName: 'Admin' })).rejects.toMatchObject({ code: 'SsoLoginRequired', action: 'Run rolecall sso login work.' });
  });

  it('botocore loads the token Rolecall wrote', async () => {
    const source = ssoSessionSource(files, 'work');
    await ssoLogin(deps(), source, { deviceCode: true, onPrompt: (p) => { setImmediate(() => sso.decideDevice(p.userCode, true)); } });
    const cached = JSON.parse(readFileSync(tokenCachePath(home, source), 'utf8'));
    const py = `import botocore.utils as u, os\nc=u.JSONFileCache(os.path.join(os.environ['HOME'],'.aws','sso','cache'))\nprint(u.SSOTokenLoader(cache=c)('${source.startUrl}', session_name='work')['accessToken'])`;
    const out = execFileSync('/usr/bin/python3', ['-c', py], { env: { HOME: home, PATH: '/usr/bin:/bin' } }).toString().trim();
    expect(out).toBe(cached.accessToken);
  });
});
