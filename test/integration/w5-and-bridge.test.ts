/**
 * Workflow W5 (a role switched to from instance credentials) and the credential_process bridge
 * served by the app's core over its local socket: ten concurrent AWS CLI-style callers, one prompt.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { missing } from '../fixtures/components';
import { ACCOUNT, MFA_SERIAL, W1_CONFIG, createWorld, type World } from '../fixtures/core-harness';
import { startLoopbackImds } from '../fixtures/loopback-sts';
import { startCredentialServer } from '../../electron/core/credential-process/server';

const BIN = resolve('bin/rolecall.cjs');
const SWITCH_ONLY = `arn:aws:iam::${ACCOUNT}:role/SwitchOnlyRole`;
const S3_ADMIN = `arn:aws:iam::${ACCOUNT}:role/S3AdminRole`;

function rolecall(world: World, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: world.cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

describe.skipIf(missing('keyring'))('W5 and the credential_process bridge', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld({ config: `${W1_CONFIG}\n[profile s3admin]\nrole_arn = ${S3_ADMIN}\ncredential_source = Ec2InstanceMetadata\nregion = eu-west-1\n` });
  });
  afterEach(async () => {
    await world.close();
  });

  it('W5: credential_source = Ec2InstanceMetadata resolves through instance metadata, then AssumeRole', async () => {
    world.sts.addRole({ roleArn: SWITCH_ONLY, trust: [`arn:aws:iam::${ACCOUNT}:root`] });
    world.sts.addRole({ roleArn: S3_ADMIN, trust: [`arn:aws:sts::${ACCOUNT}:assumed-role/SwitchOnlyRole/`] });
    const imds = await startLoopbackImds({ roleName: 'SwitchOnlyRole', credentials: world.sts.issueRoleCredentials({ roleArn: SWITCH_ONLY }) });
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = imds.url; // the SDK's IMDS provider reads process.env
    try {
      const core = await world.core();
      const s = await core.switchTo('s3admin', { target: 'default' });
      expect(s.identityArn).toMatch(/assumed-role\/S3AdminRole\//);
      expect(s.kind).toBe('assumed-role-chained');
      expect(imds.calls.some((c) => c.path.endsWith('/SwitchOnlyRole') && c.authorized)).toBe(true);
      expect(world.read('credentials')).toMatch(/^\[default\]\n# rolecall:managed/);
    } finally {
      delete process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
      await imds.close();
    }
  });

  it('ten concurrent credential_process callers needing MFA cause exactly one prompt, answered by the app', async () => {
    const core = await world.core();
    await core.addSource({ name: 'dev', ...world.keys, mfaSerial: MFA_SERIAL });
    const prompts: string[] = [];
    core.on((e) => {
      if (e.type === 'mfa-required') {
        prompts.push(e.request.mfaSerial);
        // the "popup": a person types the current code
        setTimeout(() => void core.submitMfaCode(e.request.mfaSerial, world.sts.totp(MFA_SERIAL)), 200);
      }
    });
    const server = await startCredentialServer(core, { dir: world.appDataDir });
    try {
      const runs = await Promise.all(Array.from({ length: 10 }, () => rolecall(world, ['credential-process', '--profile', 'admin'])));
      for (const r of runs) {
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1 });
      }
      expect(prompts).toEqual([MFA_SERIAL]);
      expect(world.sts.calls.filter((c) => c.params.TokenCode === 'present')).toHaveLength(1);
      // nothing was written to disk for credential_process
      expect(world.read('credentials')).toBe('');
      // all ten got the same cached session
      expect(new Set(runs.map((r) => JSON.parse(r.stdout).AccessKeyId)).size).toBe(1);
    } finally {
      await server.close();
    }
  });
});
