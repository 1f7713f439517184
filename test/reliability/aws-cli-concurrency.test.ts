/**
 * Rolecall and the real AWS CLI writing one credentials file at the same time. The CLI takes no
 * lock and rewrites in place (awscli/customizations/configure/writer.py: read, `open('w')`, write;
 * new sections with `open('a')`), so Rolecall's lock cannot keep it out: only re-reading right
 * before the rename can. These tests show what that guarantees and where it stops:
 * - `aws configure set … --profile other-N` in loops while Rolecall refreshes: neither side loses
 *   an update. The CLI rewrites an existing section in place (truncate, write): a rewrite that
 *   lands before Rolecall's last check is re-read, one that lands in the file Rolecall just replaced
 *   is found there after the rename and kept;
 * - the CLI's own writer paused inside its write (as a descheduled process is): documented known
 *   failures, see the BUG notes (reported to the lead, not fixed here).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { readSectionKeys } from '../../electron/core/aws-files/section-text';
import { upsertSection } from '../../electron/core/aws-files/section-writer';
import { MemorySecretStore } from '../../electron/core/keychain/memory-store';
import { AWS_CLI, PYTHON, missing } from '../fixtures/components';
import { MFA_SERIAL, createWorld, type World } from '../fixtures/core-harness';
import { awsCliEnv } from './aws-env';

const USER = '# my credentials — hand written\n[keep]\naws_access_key_id = AKIAKEEPKEEPKEEP0001\naws_secret_access_key = keep/me\n';
const run = promisify(execFile);

describe.skipIf(missing('aws-cli'))('the real AWS CLI and Rolecall writing the same file', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('aws configure set in two loops while Rolecall refreshes two sessions: no update of either side is lost', async () => {
    // the CLI's profiles exist already, so each `set` is an in-place rewrite (a brand-new section is
    // appended through a descriptor instead: see the known limit below)
    const theirs = ['a0', 'a1', 'b0', 'b1'].map((n) => `[other-${n}]\naws_access_key_id = AKIAOLD\naws_secret_access_key = old\n`).join('');
    world = await createWorld({ secrets: new MemorySecretStore(), credentials: USER + theirs });
    const w = world;
    const core = await w.core();
    await core.addSource({ name: 'dev', ...w.keys, mfaSerial: MFA_SERIAL });
    await core.switchTo('admin', { target: 'work', mfaCode: w.sts.totp(MFA_SERIAL) });
    await core.switchTo('readonly', { target: 'ro' });
    const env = awsCliEnv(w.home, w.configFile, w.credentialsFile);
    const set = (args: string[]) => run(AWS_CLI, ['configure', 'set', ...args], { env });
    const cliLoop = async (loop: string): Promise<void> => {
      for (let i = 0; i < 2; i++) {
        await set(['aws_access_key_id', `AKIACLI${loop}${i}000000000000`, '--profile', `other-${loop}${i}`]);
        await set(['aws_secret_access_key', `cli/${loop}/${i}`, '--profile', `other-${loop}${i}`]);
      }
    };
    let stop = false;
    let refreshes = 0;
    const rolecall = (async () => {
      while (!stop) {
        await core.refresh(refreshes % 2 === 0 ? 'work' : 'ro');
        refreshes++;
        await new Promise((r) => setTimeout(r, 30));
      }
    })();
    await Promise.all([cliLoop('a'), cliLoop('b')]);
    stop = true;
    await rolecall;

    const text = w.read('credentials');
    expect(text.startsWith(USER)).toBe(true);
    for (const loop of ['a', 'b']) {
      for (let i = 0; i < 2; i++) {
        expect(readSectionKeys(text, `other-${loop}${i}`), `other-${loop}${i}`).toEqual({ aws_access_key_id: `AKIACLI${loop}${i}000000000000`, aws_secret_access_key: `cli/${loop}/${i}` });
      }
    }
    // Rolecall's latest credentials for both sessions are the ones on disk, and STS knows them
    for (const target of ['work', 'ro']) {
      const keys = readSectionKeys(text, target)!;
      expect(w.sts.describeCredentials(keys.aws_access_key_id!)).toMatchObject({ kind: 'assumed-role' });
      const latest = w.sts.calls.filter((c) => c.action === 'GetCallerIdentity' && c.status === 200).map((c) => c.accessKeyId);
      expect(latest.lastIndexOf(keys.aws_access_key_id)).toBeGreaterThan(-1);
    }
    expect(refreshes).toBeGreaterThan(10);
    expect(core.sessions().map((s) => [s.target, s.status])).toEqual(expect.arrayContaining([['work', 'active'], ['ro', 'active']]));
  });
});

/**
 * Runs `aws configure set <key> <value> --profile <profile>` through the AWS CLI's own driver, with
 * the writer module's `open` wrapped so the process stops right after opening the file for writing
 * (after the truncation, for 'w') until `go` exists — what a descheduled CLI process looks like.
 */
function pausedAwsConfigureSet(env: NodeJS.ProcessEnv, go: string, args: string[]): { paused: Promise<void>; done: Promise<number> } {
  const py = [
    'import builtins, os, sys, time',
    'import awscli.clidriver',
    'import awscli.customizations.configure.writer as writer',
    'def paused_open(path, mode="r", *a, **k):',
    '    f = builtins.open(path, mode, *a, **k)',
    '    if "w" in mode or "a" in mode:',
    '        print("paused", flush=True)',
    '        while not os.path.exists(go): time.sleep(0.005)',
    '    return f',
    'writer.open = paused_open',
    'go = sys.argv[1]',
    'sys.argv = ["aws"] + sys.argv[2:]',
    'sys.exit(awscli.clidriver.main())',
  ].join('\n');
  const child = spawn(PYTHON, ['-c', py, go, 'configure', 'set', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const paused = new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`aws exited (${code}) before pausing: ${stderr}`)));
  });
  const done = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
  return { paused, done };
}

describe.skipIf(missing('aws-cli'))('the AWS CLI paused inside its write (known limits)', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });
  const KEYS = { aws_access_key_id: 'ASIAROLECALL00000001', aws_secret_access_key: 's', aws_session_token: 't' };

  async function race(mode: 'update' | 'append'): Promise<string> {
    world = await createWorld({ credentials: `${USER}[other]\naws_access_key_id = AKIAOLD\n` });
    const go = join(world.home, 'go');
    const env = awsCliEnv(world.home, world.configFile, world.credentialsFile);
    const cli = pausedAwsConfigureSet(env, go, ['aws_access_key_id', 'AKIANEWFROMTHECLI001', '--profile', mode === 'update' ? 'other' : 'brand-new']);
    await cli.paused;
    // Rolecall writes while the CLI sits between its truncate and its write; the CLI goes on shortly
    // after (a real one takes microseconds; an indefinitely stuck writer cannot be told from an empty file)
    const writing = upsertSection(world.credentialsFile, 'work', KEYS, { expiresAt: new Date(Date.now() + 3600_000), source: 'admin' }, { configFile: null });
    setTimeout(() => writeFileSync(go, ''), 300);
    await writing;
    expect(await cli.done).toBe(0);
    expect(existsSync(go)).toBe(true);
    return world.read('credentials');
  }

  // The CLI truncates the file before writing it. Rolecall once read the empty file and renamed its
  // section over it — the user's whole file gone. It now waits for a freshly emptied file to fill.
  it('an upsert while the CLI has truncated the file but not yet written it keeps the user’s file', async () => {
    const text = await race('update');
    expect(text).toContain('[keep]');
    expect(readSectionKeys(text, 'work')).toEqual(KEYS);
  });

  // Limit (reported): the CLI appends through a descriptor opened before Rolecall's rename, so its new
  // section lands in the replaced file. Only an in-place writer could avoid it; the window is microseconds.
  it.fails('LIMIT: an upsert while the CLI holds the file open for append keeps the CLI’s new section', async () => {
    const text = await race('append');
    expect(text).toContain('[keep]');
    expect(readSectionKeys(text, 'brand-new')).toEqual({ aws_access_key_id: 'AKIANEWFROMTHECLI001' });
  });
});
