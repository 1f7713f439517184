/**
 * Issue #20's time-boxed elevation with real processes: `rolecall switch admin --for 15m` through a
 * running `rolecall agent` (on the test's clock, agent-clock.ts, and the loopback STS with it), the
 * warning two minutes before, `rolecall extend`, and the fallback to the baseline at the deadline —
 * after which the AWS CLI signs as the baseline identity again. A deadline that passed while no
 * agent ran is enforced by the next agent as it adopts the session.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { missing } from '../../fixtures/components';
import { ACCOUNT, MFA_SERIAL, W4_CONFIG, createWorld, type World } from '../../fixtures/core-harness';
import { awsCli, rolecall } from '../../fixtures/cli-runs';
import { startAgentProcess, type AgentProcess } from './agent-process';

const ME_ARN = `arn:aws:iam::${ACCOUNT}:user/dev-user`;
const MIN = 60_000;

interface Row {
  profile: string;
  elevated: boolean;
  baseline: string | null;
  fallsBackAt: string | null;
  heldBy: string;
}

describe.skipIf(missing('keyring', 'aws-cli'))('time-boxed elevation held by rolecall agent', () => {
  let world: World | undefined;
  let agent: AgentProcess | undefined;
  let shiftMs = 0;

  afterEach(async () => {
    await agent?.stop();
    await world?.close();
    agent = undefined;
    world = undefined;
  });

  async function setUp(): Promise<World> {
    shiftMs = 0;
    const w = (world = await createWorld({ config: W4_CONFIG, stsNow: () => new Date(Date.now() + shiftMs) }));
    mkdirSync(w.appDataDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(w.appDataDir, 'state.json'), JSON.stringify({ settings: { elevatedProfiles: ['admin'] } }), { mode: 0o600 });
    expect((await rolecall(w, ['add', 'me'], `${w.keys.accessKeyId}\n${w.keys.secretAccessKey}\n`)).code).toBe(0);
    return w;
  }

  const advance = async (ms: number) => {
    shiftMs += ms;
    await agent!.advance(ms);
  };

  const status = async (w: World): Promise<Row[]> => JSON.parse((await rolecall(w, ['status', '--json'])).stdout) as Row[];

  const whoIsDefault = async (w: World): Promise<string> => {
    const r = await awsCli(w, ['sts', 'get-caller-identity']);
    expect(r.stderr).toBe('');
    return (JSON.parse(r.stdout) as { Arn: string }).Arn;
  };

  it('warns two minutes before, extends on request, and falls back to the baseline at the deadline', async () => {
    const w = await setUp();
    agent = startAgentProcess(w);
    await agent.logged(/running \(pid \d+\)/);
    expect((await rolecall(w, ['switch', 'me', '--mfa', w.sts.totp(MFA_SERIAL)])).code).toBe(0);
    const sw = await rolecall(w, ['switch', 'admin', '--for', '15m']);
    expect(sw.stderr).toBe('');
    expect(sw.code).toBe(0);
    expect(sw.stdout).toMatch(/Falls back to me at \S+ \(1[45] min\); extend with: rolecall extend default/);
    const [boxed] = await status(w);
    expect(boxed).toMatchObject({ profile: 'admin', elevated: true, baseline: 'me', heldBy: 'agent' });
    const deadline = Date.parse(boxed!.fallsBackAt!);

    await advance(13 * MIN + 5_000);
    await agent.logged(/admin on \[default\] falls back to me in 1\d\d s/);
    expect(agent.log()).not.toMatch(/ended \(its time ran out\)/);

    const ext = await rolecall(w, ['extend', 'default', '--json']);
    expect(ext.stderr).toBe('');
    expect(Date.parse((JSON.parse(ext.stdout) as Row).fallsBackAt!)).toBe(deadline + 15 * MIN);

    // past the first deadline: still admin, for it was extended
    await advance(3 * MIN);
    expect((await status(w))[0]).toMatchObject({ profile: 'admin', elevated: true });
    expect(await whoIsDefault(w)).toMatch(/:assumed-role\/AdminRole\//);

    await advance(15 * MIN);
    await agent.logged(/admin on \[default\] ended \(its time ran out\): back on me/);
    expect(await status(w)).toEqual([expect.objectContaining({ profile: 'me', elevated: false, baseline: null, fallsBackAt: null, heldBy: 'agent' })]);
    expect(await whoIsDefault(w)).toBe(ME_ARN);
    expect(w.read('credentials')).toMatch(/# rolecall:managed expires=\S+ source=me /);
    expect(w.read('credentials')).not.toMatch(/until=/);
  });

  it('a deadline that passed while no agent ran is enforced when the next agent adopts the session', async () => {
    const w = await setUp();
    expect((await rolecall(w, ['switch', 'me', '--mfa', w.sts.totp(MFA_SERIAL)])).code).toBe(0);
    expect((await rolecall(w, ['switch', 'admin', '--for', '1m'])).code).toBe(0);
    agent = startAgentProcess(w);
    await agent.logged(/holding 1 session/);
    await advance(MIN + 5_000);
    await agent.logged(/back on me/);
    expect(await whoIsDefault(w)).toBe(ME_ARN);
  });
});
