/**
 * Rolecall's own refresh of a cached SSO token, on the injected clock: inside botocore's 15-minute
 * window the refresh token buys a new access token, written back for every tool, and several roles
 * asking at once share one refresh (one sign-in per SSO session, never one per role). Once neither
 * the token nor its registration is usable, every role gets the same SsoLoginRequired.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/core/sessions/clock';
import { ssoSessionSource } from '../../../electron/core/sso/config';
import { ssoLogin } from '../../../electron/core/sso/login';
import { ssoRoleCredentials } from '../../../electron/core/sso/role-credentials';
import { tokenCachePath } from '../../../electron/core/sso/token-cache';
import { startLoopbackSso, type LoopbackSso } from '../../fixtures/loopback-sso/server';

const files = { configFile: {}, credentialsFile: {}, ssoSessions: { work: { sso_start_url: 'https://d-1234567890.awsapps.com/start', sso_region: 'eu-west-1' } } };
const ROLES = [['111111111111', 'Admin'], ['111111111111', 'ReadOnly'], ['222222222222', 'ReadOnly']] as const;

describe('refreshing the cached SSO token', () => {
  let clock: ManualClock;
  let sso: LoopbackSso;
  let home: string;
  const deps = () => ({ env: { AWS_ENDPOINT_URL_SSO_OIDC: sso.url, AWS_ENDPOINT_URL_SSO: sso.url }, home, clock, files });
  const path = () => tokenCachePath(home, { sessionName: 'work', startUrl: files.ssoSessions.work.sso_start_url });
  const all = () => Promise.allSettled(ROLES.map(([accountId, roleName]) => ssoRoleCredentials(deps(), { session: 'work', accountId, roleName })));
  beforeEach(async () => {
    clock = new ManualClock(new Date(Date.UTC(2026, 0, 1)));
    sso = await startLoopbackSso({ now: () => clock.now(), tokenLifetimeSeconds: 3600 });
    home = mkdtempSync(join(tmpdir(), 'rolecall-sso-refresh-'));
    const still = { now: () => clock.now(), setTimer: () => 0, clearTimer: () => undefined };
    await ssoLogin({ ...deps(), clock: still }, ssoSessionSource(files, 'work'), { openBrowser: async (url) => void setImmediate(() => void fetch(url).then((r) => r.text())), onPrompt: () => undefined });
  });
  afterEach(() => sso.close());

  it('inside the window: one refresh for every role asking at once, written back in botocore\'s format', async () => {
    const before = JSON.parse(readFileSync(path(), 'utf8'));
    clock.advance(50 * 60_000); // 10 minutes left
    const results = await all();
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(sso.calls.filter((c) => c.op === 'CreateToken')).toHaveLength(2); // the sign-in and one refresh
    const after = JSON.parse(readFileSync(path(), 'utf8'));
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.expiresAt).toBe(new Date(clock.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    expect(Object.keys(after)).toEqual(Object.keys(before));
  });

  it('outside the window: no refresh at all', async () => {
    clock.advance(40 * 60_000); // 20 minutes left
    await all();
    expect(sso.calls.filter((c) => c.op === 'CreateToken')).toHaveLength(1);
  });

  it('expired with a registration that expired too: the same SsoLoginRequired for every role, nothing rewritten', async () => {
    const token = JSON.parse(readFileSync(path(), 'utf8'));
    writeFileSync(path(), JSON.stringify({ ...token, registrationExpiresAt: '2026-01-01T00:30:00Z' }));
    const written = readFileSync(path(), 'utf8');
    clock.advance(2 * 3600_000);
    const results = await all();
    for (const r of results) expect(r).toMatchObject({ status: 'rejected', reason: { code: 'SsoLoginRequired', message: 'Sign-in to IAM Identity Center needed for "work": the token expired and could not be refreshed.', action: 'Run rolecall sso login work.' } });
    expect(sso.calls.filter((c) => c.op === 'CreateToken')).toHaveLength(1);
    expect(readFileSync(path(), 'utf8')).toBe(written);
  });
});
