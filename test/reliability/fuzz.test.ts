/**
 * Thousands of malformed inputs against the two doors into a running core: the IPC handler map
 * behind main's own gate (`dispatch`: zod parsing, then `createHandlers` over a real core), and the
 * credential_process socket. Every answer is a typed `{ok:false,error:{code,message[,action]}}` —
 * never a crash, a stack, or any secret the core holds (long-term secret, session secrets and
 * tokens, the MFA code) — and both doors still serve a good request afterwards.
 */
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/core/keychain/memory-store';
import { startCredentialServer, type CredentialServer } from '../../electron/core/credential-process';
import { createHandlers } from '../../electron/main/ipc-handlers';
import { dispatch } from '../../electron/main/ipc-dispatch';
import { parseRequest } from '../../electron/shared/ipc-schemas';
import { REQUEST_CHANNELS, type Handlers } from '../../electron/shared/ipc';
import { MFA_SERIAL, createWorld, type World } from '../fixtures/core-harness';

let world: World;
let handlers: Handlers;
let server: CredentialServer;
let token: string;
let secrets: string[];

beforeAll(async () => {
  const store = new MemorySecretStore();
  world = await createWorld({ secrets: store, credentials: '# mine\n[keep]\nregion = eu-west-1\n' });
  const core = await world.core();
  await core.addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL });
  const code = world.sts.totp(MFA_SERIAL);
  await core.switchTo('admin', { target: 'work', mfaCode: code });
  handlers = createHandlers(core, {
    appInfo: () => ({ name: 'Rolecall', version: '0.0.0-test', platform: 'linux', versions: { electron: '-', chrome: '-', node: process.versions.node }, paths: { configFile: world.configFile, credentialsFile: world.credentialsFile, appDataDir: world.appDataDir } }),
    capabilities: { console: false },
  });
  server = await startCredentialServer(core, { dir: world.appDataDir, requestTimeoutMs: 300 });
  token = readFileSync(server.tokenPath, 'utf8').trim();
  const text = world.read('credentials');
  const mfa = await store.getMfaSession('dev');
  secrets = [
    world.keys.secretAccessKey,
    /aws_secret_access_key = (\S+)/.exec(text)![1]!,
    /aws_session_token = (\S+)/.exec(text)![1]!,
    mfa!.secretAccessKey,
    mfa!.sessionToken,
    token,
  ];
  expect(secrets.every((s) => s.length >= 16)).toBe(true);
  secrets.push(code);
});
afterAll(async () => {
  await server.close();
  await world.close();
});

/** An error answer as the contract allows it: typed, short, no stack, no secret. */
function expectTypedError(answer: unknown): void {
  expect(answer).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^[A-Z][A-Za-z]+$/), message: expect.any(String) } });
  const error = (answer as { error: Record<string, unknown> }).error;
  expect(Object.keys(error).every((k) => ['code', 'message', 'action'].includes(k))).toBe(true);
  const text = JSON.stringify(answer);
  expect(text).not.toMatch(/\n\s+at |\\n\s+at |node_modules|\.ts:\d+|TypeError|ZodError/);
  for (const s of secrets) expect(text).not.toContain(s);
}

const VALID: Record<string, unknown> = {
  'sources:add': { name: 'x', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'abc', verify: false },
  'sources:remove': { name: 'nobody' },
  'sources:import': { scrub: false, names: ['nobody'] },
  'sessions:switch': { profile: 'admin', target: 'other' },
  'sessions:refresh': { target: 'work' },
  'sessions:signOut': { target: 'work' },
  'mfa:submit': { mfaSerial: MFA_SERIAL, code: '123456' },
  'mfa:cancel': { mfaSerial: MFA_SERIAL },
  'settings:update': { leadTimeSeconds: 120 },
  'console:copyUrl': { profile: 'admin' },
  'console:open': { profile: 'admin' },
};

const nasty = fc.oneof(
  fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true }),
  fc.string({ minLength: 5000, maxLength: 20_000 }),
  fc.constantFrom(Number.NaN, Infinity, -0, 2 ** 53, '', ' ', '\u0000', '../../etc/passwd', '[admin]\naws_secret_access_key = x', '__proto__'),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}}')),
  fc.constant(JSON.parse('{"constructor": {"prototype": {"polluted": true}}}')),
);

/** A valid payload with one field broken, one extra field, or a field removed. */
const mutated = (channel: string) =>
  fc.tuple(fc.nat(), nasty, fc.constantFrom('swap', 'extra', 'drop', 'proto')).map(([i, value, how]) => {
    const base = { ...(VALID[channel] as Record<string, unknown>) };
    const keys = Object.keys(base);
    const key = keys[i % Math.max(keys.length, 1)] ?? 'x';
    if (how === 'swap') base[key] = value;
    else if (how === 'extra') base[`extra${i % 7}`] = value;
    else if (how === 'drop') delete base[key];
    else return JSON.parse(`{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(base[k])}`).join(',')}${keys.length ? ',' : ''}"__proto__":{"admin":true}}`) as unknown;
    return base;
  });

describe('IPC fuzz: dispatch → createHandlers over a real core', () => {
  it('refuses thousands of malformed payloads with InvalidInput, without a stack or a secret', async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...REQUEST_CHANNELS).chain((channel) => fc.tuple(fc.constant(channel), channel in VALID ? fc.oneof(nasty, mutated(channel)) : nasty)),
        async ([channel, payload]) => {
          if (parseRequest(channel, payload).ok) return; // a mutation that happens to be valid is not malformed
          sent++;
          const answer = await dispatch(handlers, channel, payload);
          expectTypedError(answer);
          expect((answer as { error: { code: string } }).error.code).toBe('InvalidInput');
        },
      ),
      { numRuns: 3000 },
    );
    expect(sent).toBeGreaterThan(2000);
  });

  it('unknown channels, prototype names included, are refused', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'sessions:', 'SESSIONS:LIST')), nasty, async (channel, payload) => {
        if ((REQUEST_CHANNELS as readonly string[]).includes(channel)) return;
        expectTypedError(await dispatch(handlers, channel, payload));
      }),
      { numRuns: 500 },
    );
  });

  it('well-formed requests naming things that do not exist reach the core and come back as typed errors', async () => {
    const codes = new Set<string>();
    const name = fc.stringMatching(/^[A-Za-z0-9._@+-]{1,40}$/).filter((n) => !['admin', 'readonly', 'deep', 'dev', 'work', 'default'].includes(n));
    const serial = fc.stringMatching(/^arn:aws:iam::\d{12}:mfa\/[a-z]{1,12}$/).filter((s) => s !== MFA_SERIAL);
    const request = fc.oneof(
      name.map((profile) => ['sessions:switch', { profile }] as const),
      name.map((target) => ['sessions:refresh', { target }] as const),
      name.map((target) => ['sessions:signOut', { target }] as const),
      name.map((n) => ['sources:remove', { name: n }] as const),
      fc.tuple(serial, fc.stringMatching(/^\d{6}$/)).map(([mfaSerial, code]) => ['mfa:submit', { mfaSerial, code }] as const),
      name.map((profile) => ['console:copyUrl', { profile }] as const),
    );
    await fc.assert(
      fc.asyncProperty(request, async ([channel, payload]) => {
        const answer = await dispatch(handlers, channel, payload);
        expectTypedError(answer);
        codes.add(`${channel} ${(answer as { error: { code: string } }).error.code}`);
      }),
      { numRuns: 300 },
    );
    // each channel reached the core and got its own typed answer (names like "prototype" stop at the schema)
    const reached = ['console:copyUrl ConsoleUnsupported', 'mfa:submit NoPendingMfa', 'sessions:refresh SessionNotFound', 'sessions:signOut SessionNotFound', 'sessions:switch ProfileNotFound', 'sources:remove SourceNotFound'];
    expect([...codes]).toEqual(expect.arrayContaining(reached));
    expect([...codes].filter((c) => !reached.includes(c)).every((c) => c.endsWith(' InvalidInput'))).toBe(true);
    // the core is intact: the session is still there, the file still has it
    const sessions = await dispatch(handlers, 'sessions:list', null);
    expect(sessions).toMatchObject({ ok: true, value: [{ target: 'work', profile: 'admin', status: 'active' }] });
    expect(world.read('credentials')).toMatch(/^# mine\n\[keep\]\nregion = eu-west-1\n\[work\]\n# rolecall:managed/);
  });
});

/** One connection: send `data`, half-close, collect the answer (bounded in time). */
function exchange(data: Buffer | string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.socketPath);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer within 3 s'));
    }, 3000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ECONNRESET') reject(e);
    });
    socket.once('connect', () => socket.end(data));
  });
}

describe('socket fuzz: the credential_process channel', () => {
  it('answers garbage, forged and malformed requests with one typed error line (or nothing), never credentials', async () => {
    const line = fc.oneof(
      fc.uint8Array({ maxLength: 6000 }).map((b) => Buffer.from(b)),
      fc.json().map((j) => `${j}\n`),
      fc.record({ token: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.string()), profile: fc.constantFrom('admin', 'readonly', 'dev') }).map((r) => `${JSON.stringify(r)}\n`),
      fc
        .record({ profile: nasty, minRemainingSeconds: fc.oneof(fc.integer(), fc.double(), fc.string()), extra: fc.option(nasty) })
        .map((r) => `${JSON.stringify({ token, ...r }, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}\n`),
      fc.stringMatching(/^[A-Za-z0-9._-]{1,30}$/).filter((p) => !['admin', 'readonly', 'deep', 'dev'].includes(p)).map((profile) => `${JSON.stringify({ token, profile })}\n`),
      fc.string({ minLength: 4097, maxLength: 9000 }),
    );
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(line, async (data) => {
        const reply = await exchange(data);
        if (reply === '') return; // nothing sent, nothing answered
        answered++;
        expect(reply.endsWith('\n')).toBe(true);
        expect(reply.indexOf('\n')).toBe(reply.length - 1);
        expectTypedError(JSON.parse(reply));
      }),
      { numRuns: 1200 },
    );
    expect(answered).toBeGreaterThan(1000);
    // still serving the real thing
    const ok = JSON.parse(await exchange(`${JSON.stringify({ token, profile: 'admin' })}\n`)) as { ok: boolean; output: { SessionToken: string } };
    expect(ok.ok).toBe(true);
    expect(ok.output.SessionToken.length).toBeGreaterThan(20);
  });
});
