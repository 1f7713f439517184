/**
 * `rolecall sso login|logout|list|sync` as a user runs them: the built CLI against the loopback IAM
 * Identity Center, the token cache read back as botocore reads it, and ~/.aws/config edited only
 * by adding sections (every byte of the user's kept, a backup written).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokenCachePath } from '../../electron/core/sso/token-cache';
import { PYTHON } from '../fixtures/components';
import { decideWhenPrinted, SESSION_CONFIG, START_URL, startSsoCliWorld, type SsoCliWorld } from '../fixtures/loopback-sso/cli-world';

const cacheFile = (w: SsoCliWorld) => tokenCachePath(w.home, { sessionName: 'work', startUrl: START_URL });

async function signIn(w: SsoCliWorld): Promise<void> {
  const r = await w.run(['sso', 'login', 'work', '--device-code'], { onStderr: decideWhenPrinted(w.sso, true) });
  expect(r.stderr).toMatch(/confirm the code: [0-9A-F]{8}/);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^Signed in to sso-session "work"; the token is valid until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
}

/** The profiles botocore's own parser finds in the config file, with their values. */
function botocoreProfiles(file: string): Record<string, Record<string, string>> {
  const py = 'import botocore.configloader as c, json, sys\nprint(json.dumps(c.load_config(sys.argv[1])["profiles"]))';
  return JSON.parse(execFileSync(PYTHON, ['-c', py, file], { env: { PATH: '/usr/bin:/bin' } }).toString());
}

describe('rolecall sso login with a registration the service no longer accepts', () => {
  it('registers anew once and signs in (the cached client expired by the service\'s clock)', async () => {
    let offset = 0;
    const w = await startSsoCliWorld({ now: () => Date.now() + offset });
    try {
      await signIn(w);
      offset = 91 * 86400_000;
      await signIn(w);
      expect(w.sso.calls.filter((c) => c.op === 'RegisterClient')).toHaveLength(2);
      expect(w.sso.calls.filter((c) => c.op === 'StartDeviceAuthorization').map((c) => c.status)).toEqual([200, 401, 200]);
    } finally {
      await w.close();
    }
  });
});

describe('rolecall sso', () => {
  let w: SsoCliWorld;
  beforeEach(async () => {
    w = await startSsoCliWorld();
  });
  afterEach(() => w.close());

  it('login --device-code prints the code, caches a 0600 token in botocore\'s format; logout revokes and removes it', async () => {
    await signIn(w);
    const path = cacheFile(w);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const token = JSON.parse(readFileSync(path, 'utf8'));
    expect(Object.keys(token)).toEqual(['startUrl', 'region', 'accessToken', 'expiresAt', 'clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken']);
    expect(w.sso.isValidAccessToken(token.accessToken)).toBe(true);
    const out = await w.run(['sso', 'logout', 'work']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/Signed out of sso-session "work"/);
    expect(existsSync(path)).toBe(false);
    expect(w.sso.isValidAccessToken(token.accessToken)).toBe(false);
    expect((await w.run(['sso', 'logout', 'work'])).stdout).toMatch(/Not signed in/);
  });

  it('login opens the browser for the authorization-code flow with PKCE (a browser that approves)', async () => {
    w.browser('approve');
    const r = await w.run(['sso', 'login', 'work']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Opened the sign-in page in your browser/);
    expect(r.stderr).not.toMatch(/confirm the code/);
    expect(w.sso.calls.map((c) => c.op)).toContain('Authorize');
    expect(w.sso.isValidAccessToken(JSON.parse(readFileSync(cacheFile(w), 'utf8')).accessToken)).toBe(true);
  });

  it('falls back to a code when no browser can be opened, and --no-browser never tries one', async () => {
    const r = await w.run(['sso', 'login', 'work'], { onStderr: decideWhenPrinted(w.sso, true) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/No browser could be opened here: signing in with a code instead/);
    w.browser('approve');
    const n = await w.run(['sso', 'login', 'work', '--no-browser'], { onStderr: decideWhenPrinted(w.sso, true) });
    expect(n.code, n.stderr).toBe(0);
    expect(w.sso.calls.filter((c) => c.op === 'Authorize')).toHaveLength(0);
  });

  it('a denied sign-in exits 5 with the reason and writes no token', async () => {
    const r = await w.run(['sso', 'login', 'work', '--device-code'], { onStderr: decideWhenPrinted(w.sso, false) });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^rolecall: The sign-in was denied in the browser\.\n {2}→ Run the sign-in again/m);
    expect(existsSync(cacheFile(w))).toBe(false);
    w.browser('approve');
    w.sso.state.approve = false;
    const b = await w.run(['sso', 'login', 'work']);
    expect(b.code).toBe(5);
    expect(b.stderr).toMatch(/denied/);
    expect(existsSync(cacheFile(w))).toBe(false);
  });

  it('Ctrl-C during the sign-in cancels it cleanly: exit 5, the reason, no token', async () => {
    let sent = false;
    const r = await w.run(['sso', 'login', 'work', '--device-code'], {
      onStderr: (soFar, signal) => {
        if (!sent && /confirm the code/.test(soFar)) {
          sent = true;
          signal('SIGINT');
        }
      },
    });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^rolecall: The sign-in was cancelled\.\n {2}→ Run the sign-in again when you are ready\.\n$/m);
    expect(existsSync(cacheFile(w))).toBe(false);
  });

  it('list shows every account and role across pages, as a table and as JSON', async () => {
    await signIn(w);
    const r = await w.run(['sso', 'list', 'work']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Listing your accounts/);
    expect(r.stdout.trim().split('\n').map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual(['ACCOUNT NAME ROLE', '111111111111 dev Admin', '111111111111 dev Billing', '111111111111 dev ReadOnly', '222222222222 prod ReadOnly', '333333333333 sandbox Admin']);
    const j = JSON.parse((await w.run(['sso', 'list', 'work', '--json'])).stdout);
    expect(j.accounts.map((a: { accountName: string; roles: { roleName: string }[] }) => [a.accountName, a.roles.map((x) => x.roleName)])).toEqual([['dev', ['Admin', 'Billing', 'ReadOnly']], ['prod', ['ReadOnly']], ['sandbox', ['Admin']]]);
    expect(w.sso.calls.filter((c) => c.op === 'ListAccounts').length).toBeGreaterThanOrEqual(2); // pages of 2
  });

  it('sync --print writes nothing; without --yes and a terminal it refuses; --yes adds profiles botocore reads, keeping every byte', async () => {
    await signIn(w);
    const dry = await w.run(['sso', 'sync', 'work', '--print']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^\[profile dev\/Admin\]\n# rolecall:managed .*\nsso_session = work\nsso_account_id = 111111111111\nsso_role_name = Admin\nregion = eu-west-1$/m);
    expect(readFileSync(w.configFile, 'utf8')).toBe(SESSION_CONFIG);
    const refused = await w.run(['sso', 'sync', 'work']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    expect(readFileSync(w.configFile, 'utf8')).toBe(SESSION_CONFIG);
    const done = await w.run(['sso', 'sync', 'work', '--yes', '--prefix', 'w-']);
    expect(done.code, done.stderr).toBe(0);
    const text = readFileSync(w.configFile, 'utf8');
    expect(text.startsWith(SESSION_CONFIG)).toBe(true);
    expect(statSync(w.configFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(w.home, '.aws')).filter((f) => f.startsWith('config.rolecall-backup-'))).toHaveLength(1);
    const profiles = botocoreProfiles(w.configFile);
    expect(Object.keys(profiles).sort()).toEqual(['mine', 'w-dev/Admin', 'w-dev/Billing', 'w-dev/ReadOnly', 'w-prod/ReadOnly', 'w-sandbox/Admin']);
    expect(profiles['w-prod/ReadOnly']).toEqual({ sso_session: 'work', sso_account_id: '222222222222', sso_role_name: 'ReadOnly', region: 'eu-west-1' });
    const again = await w.run(['sso', 'sync', 'work', '--yes', '--prefix', 'w-']);
    expect(again.stdout).toMatch(/Nothing to add .*5 roles have a profile already/);
    expect(readFileSync(w.configFile, 'utf8')).toBe(text);
  });

  it('sync leaves a user\'s section of the same name alone and skips roles a profile of theirs already reaches', async () => {
    const mine = `${SESSION_CONFIG}\n[profile dev/Admin]\nregion = us-east-1\n\n[profile prod-ro]\nsso_session = work\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\n`;
    writeFileSync(w.configFile, mine);
    await signIn(w);
    const r = await w.run(['sso', 'sync', 'work', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Skipped dev\/Admin: \[profile dev\/Admin\] is a section of yours/);
    const text = readFileSync(w.configFile, 'utf8');
    expect(text.startsWith(mine)).toBe(true);
    const profiles = botocoreProfiles(w.configFile);
    expect(profiles['dev/Admin']).toEqual({ region: 'us-east-1' });
    expect(Object.keys(profiles).sort()).toEqual(['dev/Admin', 'dev/Billing', 'dev/ReadOnly', 'mine', 'prod-ro', 'sandbox/Admin']);
    expect((await w.run(['sso', 'list', 'work'])).stdout).toMatch(/^222222222222\s+prod\s+ReadOnly\s+prod-ro$/m);
  });

  it.each([
    [401, 'UnauthorizedException', 3, /Sign-in to IAM Identity Center needed for "work".*\n {2}→ Run rolecall sso login work\./],
    [429, 'TooManyRequestsException', 5, /refused ListAccounts \(TooManyRequestsException\).*\n {2}→ Wait a minute/],
    [500, 'InternalServerException', 5, /refused ListAccounts \(InternalServerException\)/],
    [503, 'ServiceUnavailableException', 5, /refused ListAccounts/],
    [403, 'ForbiddenException', 5, /refused ListAccounts \(ForbiddenException\).*\n {2}→ Listing accounts needs the sso:account:access scope: set sso_registration_scopes = sso:account:access in \[sso-session work\]/],
  ])('a portal answering %i (%s): exit %i, a clear message, nothing written', async (status, type, code, message) => {
    await signIn(w);
    w.sso.state.portalFails = { status, type };
    for (const args of [['sso', 'list', 'work'], ['sso', 'sync', 'work', '--yes']]) {
      const r = await w.run(args);
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at |at-[0-9a-f]{24}/); // no stack, no token
    }
    expect(readFileSync(w.configFile, 'utf8')).toBe(SESSION_CONFIG);
  });

  it('without a token list and sync exit 3 naming the sign-in command', async () => {
    const r = await w.run(['sso', 'sync', 'work', '--yes']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('rolecall: Sign-in to IAM Identity Center needed for "work": no cached token.\n  → Run rolecall sso login work.\n');
  });

  it('refuses bad input with a clear message and writes nothing', async () => {
    writeFileSync(w.configFile, `[sso-session plain]\nsso_start_url = http://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\n`);
    const http = await w.run(['sso', 'login', 'plain', '--device-code']);
    expect(http.code).toBe(7);
    expect(http.stderr).toMatch(/sso_start_url "http:\/\/d-1234567890\.awsapps\.com\/start" in \[sso-session plain\] is not an https URL\.\n {2}→ Set sso_start_url/);
    expect(existsSync(join(w.home, '.aws', 'sso'))).toBe(false);
    const unknown = await w.run(['sso', 'login', 'nope']);
    expect(unknown.code).toBe(7);
    expect(unknown.stderr).toMatch(/The specified sso-session does not exist: "nope"\.\n {2}→ Use one of: plain\./);
    for (const args of [['sso'], ['sso', 'fly', 'work'], ['sso', 'login'], ['sso', 'list', 'work', '--prefix', 'x'], ['sso', 'login', 'work', 'extra']]) {
      const r = await w.run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^rolecall: /);
    }
    const prefix = await w.run(['sso', 'sync', 'plain', '--prefix', 'a b']);
    expect(prefix.code).toBe(7); // the session is checked before anything else
  });

  it.each([['sso', '--help'], ['sso', 'login', '--help'], ['sso', 'sync', 'work', '-h']])('%j answers with the help, exit 0', async (...args) => {
    const r = await w.run(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rolecall sso login <session> \[--device-code\] \[--no-browser\]/);
    expect(r.stdout).toMatch(/--prefix P/);
  });
});

