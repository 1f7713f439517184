/**
 * Two CLIs and an agent switching and signing out at once never leave a target whose marker and
 * content disagree: one CLI goes through the agent, the other works alone (its own app data
 * folder, so it finds no agent) on the same credentials file, while the agent refreshes. After
 * every round, each marked section's keys belong — by the loopback STS's own record of what it
 * issued — to the role of the profile its marker names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../../fixtures/components';
import { ADMIN_ROLE, MFA_SERIAL, READ_ROLE, createWorld, type World } from '../../fixtures/core-harness';
import { ROLECALL_BIN, userEnv } from '../../fixtures/cli-runs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { managedSectionsIn } from '../../../electron/core/aws-files/section-writer';
import { startAgentProcess, type AgentProcess } from './agent-process';
import fc from 'fast-check';

const ROLE_OF: Record<string, string> = { admin: ADMIN_ROLE, readonly: READ_ROLE };
const ROUNDS = 75;

function run(env: Record<string, string>, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [ROLECALL_BIN, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => done({ code: code ?? -1, stderr }));
  });
}

type Op = { kind: 'switch'; profile: 'admin' | 'readonly'; target: 'default' | 'other' } | { kind: 'signout'; target: 'default' | 'other'; noFallback: boolean };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('switch' as const), profile: fc.constantFrom('admin' as const, 'readonly' as const), target: fc.constantFrom('default' as const, 'other' as const) }),
  // a signout falls back to the target's baseline (another switch and write) unless --no-fallback
  fc.record({ kind: fc.constant('signout' as const), target: fc.constantFrom('default' as const, 'other' as const), noFallback: fc.boolean() }),
);
const argsOf = (op: Op): string[] => (op.kind === 'switch' ? ['switch', op.profile, '--target', op.target, '--take-over'] : ['signout', op.target, ...(op.noFallback ? ['--no-fallback'] : [])]);

describe.skipIf(missing('keyring'))('two CLIs and an agent at once', () => {
  let world: World;
  let agent: AgentProcess;
  let shiftMs = 0;

  beforeAll(async () => {
    world = await createWorld({ stsNow: () => new Date(Date.now() + shiftMs) });
    const core = await world.core({ holder: 'cli' });
    await core.addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL });
    // one MFA session in the keychain serves every later switch of both CLIs and the agent
    await core.switchTo('admin', { mfaCode: world.sts.totp(MFA_SERIAL) });
    agent = startAgentProcess(world);
    await agent.logged(/holding 1 session/);
  });
  afterAll(async () => {
    await agent?.stop();
    await world?.close();
  });

  it(`${ROUNDS * 2} operations: every marker names the session its keys belong to`, async () => {
    const viaAgent = userEnv(world);
    const alone = { ...userEnv(world), ROLECALL_HOME: join(world.home, 'other-rolecall') };
    const [opsA, opsB] = fc.sample(fc.array(opArb, { minLength: ROUNDS, maxLength: ROUNDS }), { numRuns: 2, seed: 11 });
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b] = await Promise.all([run(viaAgent, argsOf(opsA![round]!)), run(alone, argsOf(opsB![round]!)), round % 10 === 5 ? agent.advance(((shiftMs += 400_000), 400_000)) : undefined]);
      // a signout of a target nobody holds is the one expected refusal (exit 1); anything else is a defect
      for (const r of [a!, b!]) if (r.code !== 0 && !/No active session writes to/.test(r.stderr)) failures.push(r.stderr);
      const text = world.read('credentials');
      for (const s of managedSectionsIn(text)) {
        const key = new RegExp(`\\[${s.name}\\][^[]*?aws_access_key_id = (\\S+)`).exec(text)?.[1];
        const issued = key ? world.sts.describeCredentials(key) : undefined;
        expect(issued, `[${s.name}] holds keys the STS never issued`).toBeDefined();
        expect(issued!.arn.startsWith(ROLE_OF[s.source!]!.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')), `[${s.name}] says ${s.source} but holds ${issued!.arn}`).toBe(true);
      }
    }
    expect(failures).toEqual([]);
    // the agent's view agrees with the file
    const status = await new Promise<string>((done) => {
      const child = spawn(process.execPath, [ROLECALL_BIN, 'status', '--json'], { env: viaAgent, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d));
      child.on('close', () => done(out));
    });
    const held = (JSON.parse(status) as Array<{ profile: string; target: string; heldBy: string }>).map((x) => `${x.target}=${x.profile}:${x.heldBy}`).sort();
    const marked = managedSectionsIn(world.read('credentials')).map((x) => `${x.name}=${x.source}:agent`).sort();
    expect(held).toEqual(marked);
    // 150 CLI processes and their STS calls: minutes on a loaded 2-core machine, not a verdict
  }, 300_000);
});
