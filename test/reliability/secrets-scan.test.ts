/**
 * A full journey — add a source, switch with MFA (once with a wrong code), a second role on the same
 * MFA session, a scheduled refresh, a manual refresh, credential_process over the socket, a failing
 * call, sign out — with every sink a secret could leak into captured: console.*, writes to the
 * process's stdout/stderr, every core event and its renderer projection, every IPC answer, every
 * error (message, action, details) and the start-up notices. None may contain the long-term secret,
 * any session secret or token, or an MFA code.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/core/keychain/memory-store';
import { requestFromApp, startCredentialServer } from '../../electron/core/credential-process';
import { createHandlers } from '../../electron/main/ipc-handlers';
import { dispatch } from '../../electron/main/ipc-dispatch';
import { toRendererEvent } from '../../electron/main/public-data';
import { RolecallError, isRolecallError } from '../../electron/core/errors';
import { MFA_SERIAL, createWorld, type World } from '../fixtures/core-harness';
import { settle, until } from './helpers';

let world: World;
const sinks: string[] = [];
const restore: Array<() => void> = [];

beforeEach(() => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => {
      sinks.push(`console.${level}: ${args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
    };
    restore.push(() => (console[level] = original));
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      sinks.push(`${stream === process.stdout ? 'stdout' : 'stderr'}: ${typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')}`);
      return (original as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => (stream.write = original));
  }
});
afterEach(async () => {
  for (const r of restore.splice(0)) r();
  sinks.length = 0;
  await world.close();
});

describe('secrets scan over a whole journey', () => {
  it('no secret key, session secret, session token or MFA code reaches any log, event, IPC answer or error', async () => {
    const store = new MemorySecretStore();
    world = await createWorld({ secrets: store, credentials: '# mine\n[keep]\nregion = eu-west-1\n' });
    const core = await world.core();
    const handlers = createHandlers(core, {
      appInfo: () => ({ name: 'Rolecall', version: 't', platform: 'linux', versions: { electron: '-', chrome: '-', node: '-' }, paths: { configFile: world.configFile, credentialsFile: world.credentialsFile, appDataDir: world.appDataDir } }),
      capabilities: { console: false },
    });
    const secrets = new Set<string>([world.keys.secretAccessKey]);
    const codes = new Set<string>();
    /** Every session secret and token on disk right now joins the list of things that must not leak. */
    const harvest = async () => {
      const text = world.read('credentials');
      for (const m of text.matchAll(/aws_(?:secret_access_key|session_token) = (\S+)/g)) secrets.add(m[1]!);
      const mfa = await store.getMfaSession('dev');
      if (mfa) [mfa.secretAccessKey, mfa.sessionToken].forEach((s) => secrets.add(s));
    };
    const observed: unknown[] = [];
    core.on((e) => {
      observed.push(e);
      observed.push(toRendererEvent(e));
    });
    const ipc = async (channel: string, payload: unknown) => {
      const answer = await dispatch(handlers, channel, payload);
      observed.push(answer);
      return answer;
    };
    const attempt = async (p: Promise<unknown>) => {
      try {
        observed.push(await p);
      } catch (e) {
        observed.push(isRolecallError(e) ? { message: e.message, action: e.action, details: e.details, code: e.code } : String(e));
      }
    };

    // add, through IPC as the window does (the one request that carries a secret)
    await ipc('sources:add', { name: 'dev', accessKeyId: world.keys.accessKeyId, secretAccessKey: world.keys.secretAccessKey, mfaSerial: MFA_SERIAL });
    // a wrong code, then the right one
    const right = world.sts.totp(MFA_SERIAL);
    const wrong = right === '000000' ? '999999' : '000000';
    codes.add(wrong).add(right);
    await ipc('sessions:switch', { profile: 'admin', target: 'work', mfaCode: wrong });
    await ipc('sessions:switch', { profile: 'admin', target: 'work', mfaCode: right });
    await ipc('sessions:switch', { profile: 'readonly', target: 'ro' });
    await harvest();
    // scheduled refresh, then one by hand
    await world.clock.advance(56 * 60_000);
    await until(() => observed.filter((e) => (e as { type?: string }).type === 'session-refreshed').length >= 2, 10_000, 'the scheduled refreshes');
    await harvest();
    await ipc('sessions:refresh', { target: 'work' });
    await harvest();
    // credential_process over the socket (its output is the one place credentials may appear)
    const server = await startCredentialServer(core, { dir: world.appDataDir });
    const served = await requestFromApp({ dir: world.appDataDir, profile: 'deep' });
    expect(served).toMatchObject({ ok: true });
    if ('ok' in served && served.ok) [served.output.SecretAccessKey, served.output.SessionToken].forEach((s) => secrets.add(s));
    const refused = await requestFromApp({ dir: world.appDataDir, profile: 'nope' });
    observed.push(refused);
    await server.close();
    // failures: STS refuses, a code reused, the keychain locked
    world.sts.injectFault({ kind: 'accessDenied', action: 'AssumeRole', times: 1 });
    await ipc('sessions:switch', { profile: 'readonly', target: 'ro' });
    await attempt(core.switchTo('admin', { target: 'x', mfaCode: right }));
    await attempt(core.credentialsFor('admin', { minRemainingSeconds: 99_999, promptForMfa: false, mfaCode: right }));
    store.failWith(new RolecallError('KeychainLocked', 'Your keychain is locked.', { action: 'Unlock your keychain.' }));
    await ipc('profiles:list', null);
    await ipc('sessions:switch', { profile: 'readonly', target: 'ro' });
    store.failWith();
    // everything the window reads, then sign out
    for (const channel of ['profiles:list', 'sessions:list', 'mfa:pending', 'settings:get', 'app:info']) await ipc(channel, null);
    await ipc('sessions:signOut', { target: 'ro' });
    await ipc('sessions:signOutAll', null);
    await settle(4);
    observed.push(core.startupNotices());

    expect(secrets.size).toBeGreaterThanOrEqual(10);
    const haystack = [...sinks, ...observed.map((o) => JSON.stringify(o))].join('\n');
    expect(haystack.length).toBeGreaterThan(5000); // the journey really produced output to scan
    for (const s of secrets) expect(haystack.includes(s), `a secret (${s.slice(0, 4)}…) leaked`).toBe(false);
    for (const c of codes) expect(new RegExp(`(?<![0-9])${c}(?![0-9])`).test(haystack), `MFA code ${c} leaked`).toBe(false);
    // and the journey did what it says
    expect(observed.some((o) => JSON.stringify(o).includes('"MfaInvalid"'))).toBe(true);
    expect(observed.some((o) => JSON.stringify(o).includes('"KeychainLocked"'))).toBe(true);
    expect(world.read('credentials')).toBe('# mine\n[keep]\nregion = eu-west-1\n');
  });
});
