/**
 * Without an agent, read-only commands write nothing: not the state folder (no state file, no lock,
 * no set-aside of a damaged state file), not the credentials file — byte for byte, with unchanged
 * mtimes — even when a marked section there has expired.
 */
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { missing } from '../../fixtures/components';
import { MFA_SERIAL, createWorld, type World } from '../../fixtures/core-harness';
import { rolecall } from '../../fixtures/cli-runs';
import { formatMarker } from '../../../electron/core/aws-files/marker';

function snapshot(dirs: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (p: string): void => {
    let st;
    try {
      st = statSync(p);
    } catch {
      out.set(p, 'absent');
      return;
    }
    if (st.isDirectory()) {
      out.set(p, `dir ${st.mtimeMs}`);
      for (const f of readdirSync(p)) walk(join(p, f));
    } else {
      out.set(p, `${st.mtimeMs} ${st.mode} ${readFileSync(p).toString('base64')}`);
    }
  };
  for (const d of dirs) walk(d);
  return out;
}

describe.skipIf(missing('keyring'))('read-only commands without an agent', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld();
    const core = await world.core({ holder: 'cli' });
    await core.addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL });
    await core.switchTo('admin', { mfaCode: world.sts.totp(MFA_SERIAL) });
  });
  afterEach(async () => {
    await world.close();
  });

  const commands = [['status'], ['status', '--json'], ['list'], ['list', '--json'], ['doctor']];

  it.each([
    ['a live session', ''],
    ['also an expired marked section', `[old]\n${formatMarker({ expiresAt: new Date(Date.now() - 3_600_000), source: 'readonly' })}\naws_access_key_id = ASIAOLD\naws_secret_access_key = s\naws_session_token = t\n`],
    ['a damaged state file', 'STATE'],
  ])('with %s, status, list and doctor leave every file as it was', async (_label, extra) => {
    if (extra === 'STATE') {
      mkdirSync(world.appDataDir, { recursive: true });
      writeFileSync(join(world.appDataDir, 'state.json'), '{"settings": {');
    } else if (extra) {
      writeFileSync(world.credentialsFile, world.read('credentials') + extra);
    }
    const before = snapshot([world.appDataDir, join(world.home, '.aws')]);
    for (const args of commands) {
      const r = await rolecall(world, args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBeLessThanOrEqual(1); // doctor may report a problem
    }
    expect(snapshot([world.appDataDir, join(world.home, '.aws')])).toEqual(before);
    const rows = JSON.parse((await rolecall(world, ['status', '--json'])).stdout) as Array<{ profile: string; heldBy: string }>;
    expect(rows.map((s) => [s.profile, s.heldBy])).toEqual([['admin', 'cli']]);
  });
});
