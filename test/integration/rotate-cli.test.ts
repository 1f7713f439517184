/**
 * `rolecall rotate` and `rolecall list` as a user runs them (built bin, real keychain, loopback IAM):
 * two keys without --yes and no terminal is a clear refusal that changes nothing; --yes rotates;
 * list --json carries the key age.
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ROLECALL_BIN } from '../fixtures/cli-runs';
import { createKeyAs } from '../fixtures/loopback-iam/iam-sdk';
import { createRotationWorld, type RotationWorld } from '../fixtures/rotation-world';

let world: RotationWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

function rolecall(w: RotationWorld, args: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [ROLECALL_BIN, ...args], { env: w.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('rolecall rotate (CLI)', () => {
  it('with two keys: refuses without --yes (naming the key), rotates with --yes; list --json shows the key age', async () => {
    world = await createRotationWorld();
    const w = world;
    expect((await rolecall(w, ['add', 'dev'], `${w.keys.accessKeyId}\n${w.keys.secretAccessKey}\n`)).code).toBe(0);
    const other = await createKeyAs(w.iam, w.keys);
    const refused = await rolecall(w, ['rotate', 'dev']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(other);
    expect(refused.stderr).toMatch(/--yes/);
    expect(w.iam.keyIds('dev-user').sort()).toEqual([w.keys.accessKeyId, other].sort());
    const rotated = await rolecall(w, ['rotate', 'dev', '--yes']);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/^Rotated dev: AKIA\w+ → AKIA\w+/);
    const [fresh] = w.iam.keyIds('dev-user');
    expect(w.iam.keyIds('dev-user')).toHaveLength(1);
    expect(rotated.stdout + rotated.stderr).not.toContain(w.iam.secretOf(fresh!)!);
    const list = await rolecall(w, ['list', '--json']);
    const dev = (JSON.parse(list.stdout) as Array<{ name: string; keyAge?: { accessKeyId: string; ageDays: number; old: boolean } }>).find((p) => p.name === 'dev');
    expect(dev?.keyAge).toMatchObject({ accessKeyId: fresh, ageDays: 0, old: false });
    expect((await rolecall(w, ['rotate', '--help'])).code).toBe(0);
  });
});
