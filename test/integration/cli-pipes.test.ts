/**
 * Every command survives its output going away (`| head -0`, `| head -1`, `>&-`, a reader already
 * gone): no stack trace, exit as git does (141 when output was cut, the command's own code when it
 * failed), and the work the command reports is whole — files and keychain as after a normal run.
 * The built CLI, the real keychain and the signature-verifying loopback STS; no region in the env.
 */
import { readdirSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { AWS_CLI, missing } from '../fixtures/components';
import { MFA_SERIAL, createWorld, type World } from '../fixtures/core-harness';
import { CRASH_SIGNS, runCli, type CliRun, type Wiring } from '../fixtures/cli-runner';

interface Scenario {
  name: string;
  args(w: World): string[];
  input?(w: World): string;
  prepare?(w: World): Promise<void>;
  /** Its exit code when the reader reads everything. */
  code: number;
  /** Changes files or the keychain: each wiring gets a fresh world. */
  mutates: boolean;
  /** What must hold afterwards, whatever happened to the output. */
  after?(w: World): Promise<void>;
  /** Prints something new each run (fresh credentials, a sign-in token). */
  fresh?: boolean;
}

const plaintext = (w: World) => `[dev]\naws_access_key_id = ${w.keys.accessKeyId}\naws_secret_access_key = ${w.keys.secretAccessKey}\n`;

async function withCore<T>(w: World, use: (core: Awaited<ReturnType<World['core']>>) => Promise<T>): Promise<T> {
  const core = await w.core({ scheduleRefresh: false });
  try {
    return await use(core);
  } finally {
    core.dispose();
  }
}

const addDev = (w: World) => withCore(w, (c) => c.addSource({ name: 'dev', ...w.keys, mfaSerial: MFA_SERIAL, verify: false }).then(() => undefined));
const addAndSwitch = async (w: World) => {
  await addDev(w);
  await withCore(w, (c) => c.switchTo('readonly', { mfaCode: w.sts.totp(MFA_SERIAL) }).then(() => undefined));
};
/** readonly, then admin time-boxed on top: admin's baseline is readonly (W4). */
const elevateOverReadonly = async (w: World) => {
  await addAndSwitch(w);
  await withCore(w, (c) => c.switchTo('admin', { forSeconds: 1800 }).then(() => undefined));
};
const keychainSources = (w: World) => withCore(w, async (c) => (await c.listProfiles()).profiles.filter((p) => p.kind === 'source' && p.origin === 'keychain').map((p) => p.name));

async function signsAsReadOnly(w: World): Promise<void> {
  const { stdout } = await promisify(execFile)(AWS_CLI, ['sts', 'get-caller-identity', '--profile', 'default', '--endpoint-url', w.sts.url, '--output', 'json'], { env: w.env });
  expect(JSON.parse(stdout).Arn).toContain('assumed-role/ReadOnlyRole/');
}

const SCENARIOS: Scenario[] = [
  { name: 'add', args: () => ['add', 'dev', '--mfa-serial', MFA_SERIAL], input: (w) => `${w.keys.accessKeyId}\n${w.keys.secretAccessKey}\n`, code: 0, mutates: true, after: async (w) => expect(await keychainSources(w)).toEqual(['dev']) },
  {
    name: 'import --scrub',
    args: () => ['import', '--scrub', 'dev'],
    prepare: async (w) => (await import('node:fs')).writeFileSync(w.credentialsFile, plaintext(w), { mode: 0o600 }),
    code: 0,
    mutates: true,
    after: async (w) => {
      expect(w.read('credentials')).not.toContain(w.keys.secretAccessKey);
      expect(readdirSync(join(w.home, '.aws')).filter((f) => f.includes('rolecall-backup'))).toHaveLength(1);
      expect(await keychainSources(w)).toEqual(['dev']);
    },
  },
  { name: 'remove --yes', args: () => ['remove', 'dev', '--yes'], prepare: addDev, code: 0, mutates: true, after: async (w) => expect(await keychainSources(w)).toEqual([]) },
  { name: 'list --json', args: () => ['list', '--json'], prepare: addDev, code: 0, mutates: false },
  { name: 'list', args: () => ['list'], prepare: addDev, code: 0, mutates: false },
  { name: 'switch --mfa CODE', args: (w) => ['switch', 'readonly', '--mfa', w.sts.totp(MFA_SERIAL)], prepare: addDev, code: 0, mutates: true, after: signsAsReadOnly },
  { name: 'switch --mfa -', args: () => ['switch', 'readonly', '--mfa', '-'], input: (w) => `${w.sts.totp(MFA_SERIAL)}\n`, prepare: addDev, code: 0, mutates: true, after: signsAsReadOnly },
  { name: 'status', args: () => ['status'], prepare: addAndSwitch, code: 0, mutates: false },
  {
    name: 'signout',
    args: () => ['signout', 'readonly'],
    prepare: addAndSwitch,
    code: 0,
    mutates: true,
    after: async (w) => expect(w.read('credentials')).not.toMatch(/aws_session_token|\[default\]/),
  },
  { name: 'switch --for', args: () => ['switch', 'admin', '--for', '30m'], prepare: addAndSwitch, code: 0, mutates: true, after: async (w) => expect(w.read('credentials')).toMatch(/source=admin .*baseline=readonly until=/) },
  { name: 'extend', args: () => ['extend', 'default'], prepare: elevateOverReadonly, code: 0, mutates: true },
  { name: 'signout, back to the baseline', args: () => ['signout', 'admin'], prepare: elevateOverReadonly, code: 0, mutates: true, after: signsAsReadOnly },
  { name: 'credential-process', args: () => ['credential-process', '--profile', 'readonly'], prepare: addAndSwitch, code: 0, mutates: false, fresh: true },
  { name: 'login --stdout', args: () => ['login', 'readonly', '--stdout'], prepare: addAndSwitch, code: 0, mutates: false, fresh: true },
  {
    name: 'setup-credential-process',
    args: () => ['setup-credential-process', 'readonly', '--as', 'ro-cli'],
    prepare: addDev,
    code: 0,
    mutates: true,
    after: async (w) => expect(w.read('config')).toMatch(/\n\[profile ro-cli\]\n# rolecall:managed[^\n]*\ncredential_process = [^\n]+rolecall\.cjs[^\n]* credential-process --profile readonly\n$/),
  },
  { name: 'doctor', args: () => ['doctor'], prepare: addDev, code: 0, mutates: false },
  { name: 'completion bash', args: () => ['completion', 'bash'], code: 0, mutates: false },
  { name: 'help', args: () => ['help', 'switch'], code: 0, mutates: false },
];

/** `pipe` first: the full output, to compare `head -1` with (skipped where each run needs its own world). */
const WIRINGS: Wiring[] = ['pipe', 'reader-gone', 'head-0', 'head-1', 'closed'];

describe.skipIf(missing('keyring', 'aws-cli'))('every command survives a closed stdout', () => {
  const worlds: World[] = [];
  afterEach(async () => {
    for (const w of worlds.splice(0)) await w.close();
  });
  const freshWorld = async (s: Scenario) => {
    const w = await createWorld();
    worlds.push(w);
    await s.prepare?.(w);
    return w;
  };
  const run = (w: World, s: Scenario, stdout: Wiring) =>
    runCli(s.args(w), { env: { ...w.env, ROLECALL_FEDERATION_ENDPOINT: w.sts.federationUrl }, input: s.input?.(w) ?? '', stdout });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    let shared: World | undefined;
    const results = new Map<Wiring, CliRun>();
    for (const wiring of s.mutates ? WIRINGS.slice(1) : WIRINGS) {
      const w = s.mutates ? await freshWorld(s) : (shared ??= await freshWorld(s));
      const r = await run(w, s, wiring);
      results.set(wiring, r);
      const what = `${s.name} with stdout ${wiring}: ${r.stderr}`;
      expect(r.stderr, what).not.toMatch(CRASH_SIGNS);
      if (wiring === 'pipe' || wiring === 'closed') expect(r.code, what).toBe(s.code);
      // the first write meets a reader that is gone: the output ends there, as with git
      else if (wiring === 'reader-gone') expect(r.code, what).toBe(141);
      // head may or may not have gone by the time of the write: both endings are right
      else expect([s.code, 141], what).toContain(r.code);
      await s.after?.(w);
    }
    expect(results.get('head-0')!.stdout).toBe('');
    const first = results.get('head-1')!.stdout;
    expect(first).toMatch(/^[^\n]+\n$/);
    const full = results.get('pipe')?.stdout;
    if (full !== undefined && !s.fresh) expect(first).toBe(`${full.split('\n')[0]}\n`);
  });
});

describe.skipIf(missing('keyring', 'aws-cli'))('a closed stderr', () => {
  let world: World;
  afterEach(async () => {
    await world.close();
  });

  it('ends the notes but not the switch; a failure keeps its own exit code', async () => {
    world = await createWorld();
    await addDev(world);
    const env = world.env;
    // a target other than default adds "Use it with: aws --profile work" on stderr
    const r = await runCli(['switch', 'readonly', '--target', 'work', '--mfa', world.sts.totp(MFA_SERIAL)], { env, stderr: 'reader-gone' });
    expect(r.code).toBe(141);
    expect(r.stdout).toMatch(/^Switched to readonly as arn:aws:sts::123456789012:assumed-role\/ReadOnlyRole\/[^\n]+\nCredentials in profile "work"/);
    expect(world.read('credentials')).toMatch(/\[work\]\n# rolecall:managed[^\n]*\naws_access_key_id = ASIA/);
    for (const [args, code] of [[['switch', 'nope'], 7], [['frobnicate'], 2], [['switch', 'admin', '--mfa', '-'], 2]] as const) {
      const failed = await runCli(args, { env, stderr: 'reader-gone', stdout: 'reader-gone', input: 'not a code\n' });
      expect(failed.code, args.join(' ')).toBe(code);
    }
  });
});
