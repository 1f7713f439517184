/**
 * Issue #11 with real processes: a `rolecall agent` and CLI processes beside it, on the real
 * keychain and the signature-verifying loopback STS. The agent runs on the test's clock
 * (agent-clock.ts), and the STS with it, so its refresh comes due when the test says, not after
 * 14 minutes of waiting.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../../fixtures/components';
import { MFA_SERIAL, createWorld, type World } from '../../fixtures/core-harness';
import { rolecall, rolecallIn, userEnv } from '../../fixtures/cli-runs';
import { startAgentProcess, type AgentProcess } from './agent-process';

interface StatusRow {
  profile: string;
  target: string;
  expiresAt: string;
  heldBy: string;
  identityArn: string;
}

const status = async (world: World): Promise<StatusRow[]> => {
  const r = await rolecall(world, ['status', '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as StatusRow[];
};

describe.skipIf(missing('keyring'))('rolecall agent: one owner of sessions, the CLI its client', () => {
  let world: World;
  let shiftMs = 0;
  let agent: AgentProcess | undefined;

  beforeAll(async () => {
    world = await createWorld({ stsNow: () => new Date(Date.now() + shiftMs) });
    // the shortest sessions AWS allows, refreshed 60 s before they end
    mkdirSync(world.appDataDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(world.appDataDir, 'state.json'), JSON.stringify({ settings: { roleDurationSeconds: 900, leadTimeSeconds: 60 } }));
    const core = await world.core({ holder: 'cli' });
    await core.addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL });
  });
  afterAll(async () => {
    await agent?.stop();
    await world?.close();
  });

  it('a CLI switch is held by the agent: another CLI sees it, the agent refreshes it, it survives a restart, signout removes it', async () => {
    agent = startAgentProcess(world);
    await agent.logged(/running \(pid \d+\), holding 0 session/);

    const sw = await rolecall(world, ['switch', 'admin', '--mfa', world.sts.totp(MFA_SERIAL)]);
    expect(sw.stderr).toBe('');
    expect(sw.code).toBe(0);
    expect(sw.stdout).toContain('rolecall agent keeps it fresh.');

    const [first] = await status(world);
    expect(first).toMatchObject({ profile: 'admin', target: 'default', heldBy: 'agent' });
    expect(first!.identityArn).toMatch(/:assumed-role\/AdminRole\//);
    expect(world.read('credentials')).toMatch(/# rolecall:managed expires=\S+ source=admin identity=arn:aws:sts::\d{12}:assumed-role\/AdminRole\//);

    // the refresh comes due 60 s before the 900-s session ends; the cached MFA session vouches
    shiftMs += 841_000;
    await agent.advance(841_000);
    await agent.logged(/refreshed admin on \[default\]/);
    const [refreshed] = await status(world);
    expect(Date.parse(refreshed!.expiresAt)).toBeGreaterThan(Date.parse(first!.expiresAt));
    expect(refreshed!.heldBy).toBe('agent');

    expect(await agent.stop()).toBe(0);
    expect(agent.log()).toMatch(/SIGTERM, stopping…[\s\S]*stopped; sessions stay/);
    // no agent: the CLI reads the marker itself, and nobody keeps the session fresh
    expect((await status(world)).map((s) => [s.profile, s.heldBy])).toEqual([['admin', 'cli']]);

    // the agent alone knows the federation endpoint here: a URL printed proves login went through it
    agent = startAgentProcess(world, { ...userEnv(world), ROLECALL_FEDERATION_ENDPOINT: world.sts.federationUrl });
    await agent.logged(/holding 1 session/);
    const login = await rolecall(world, ['login', 'admin', '--stdout']);
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    expect(login.stdout.startsWith(`${world.sts.federationUrl}?Action=login&`)).toBe(true);
    const [adopted] = await status(world);
    expect(adopted).toMatchObject({ profile: 'admin', target: 'default', heldBy: 'agent', expiresAt: refreshed!.expiresAt });

    const out = await rolecall(world, ['signout', 'admin']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('removed [default]');
    expect(await status(world)).toEqual([]);
    expect(world.read('credentials')).not.toContain('rolecall:managed');
  });

  it('list reads the keychain through the agent: a CLI that cannot reach the keychain still lists its sources', async () => {
    // no session bus: this process could not open the keychain (on macOS: never asks to trust node)
    const { DBUS_SESSION_BUS_ADDRESS: _bus, ...blind } = userEnv(world);
    const r = await rolecallIn(blind, ['list', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ name: string; kind: string; origin?: string }>;
    expect(rows.find((p) => p.name === 'dev')).toMatchObject({ kind: 'source', origin: 'keychain' });
    // the same CLI with no agent cannot see them, which is what makes the check above mean something
    await agent!.stop();
    const alone = await rolecallIn(blind, ['list', '--json']);
    expect(alone.stdout + alone.stderr).not.toMatch(/"origin": "keychain"/);
    agent = startAgentProcess(world);
    await agent.logged(/running \(pid \d+\)/);
  });

  it('refuses to start beside a running agent, naming it', async () => {
    const second = startAgentProcess(world);
    const code = await second.exited;
    expect(code).not.toBe(0);
    expect(second.log()).toMatch(/"rolecall agent" is already running \(pid \d+\)/);
    // the first one still answers
    expect(await status(world)).toEqual([]);
  });

  it('a code the agent needs for a CLI switch is asked by the CLI: without a terminal, exit 3 with the device named', async () => {
    // a new MFA session is needed: forget the cached one
    const core = await world.core({ holder: 'cli' });
    await core.signOutAll(); // no sessions: forgets the cached MFA sessions only
    const r = await rolecall(world, ['switch', 'readonly']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(MFA_SERIAL);
  });
});
