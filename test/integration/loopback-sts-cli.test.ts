import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_CLI, missing } from '../fixtures/components';
import { startLoopbackSts, type LoopbackSts } from '../fixtures/loopback-sts';
import { isolateAwsEnvironment } from '../fixtures/loopback-sts/sdk';

isolateAwsEnvironment();

const ACCOUNT = '777777777777';
const ERIN = { accessKeyId: 'AKIAERIN000000000001', secretAccessKey: 'erin+secret/000000000000000000000000000' };

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runAws(dir: string, args: string[]): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
    AWS_PAGER: '',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(AWS_CLI, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(missing('aws-cli'))('AWS CLI against the loopback STS', () => {
  let sts: LoopbackSts;
  let dir: string;

  beforeAll(async () => {
    sts = await startLoopbackSts();
    sts.addUser({ userName: 'erin', accountId: ACCOUNT, ...ERIN });
    dir = mkdtempSync(join(tmpdir(), 'loopback-sts-cli-'));
    writeFileSync(join(dir, 'config'), '[profile p]\nregion = eu-central-1\n\n[profile wrong]\nregion = eu-central-1\n');
    writeFileSync(
      join(dir, 'credentials'),
      `[p]\naws_access_key_id = ${ERIN.accessKeyId}\naws_secret_access_key = ${ERIN.secretAccessKey}\n\n` +
        `[wrong]\naws_access_key_id = ${ERIN.accessKeyId}\naws_secret_access_key = not-the-secret\n`,
    );
  });
  afterAll(async () => {
    await sts.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts /usr/bin/aws signed with the right static keys', async () => {
    const r = await runAws(dir, ['sts', 'get-caller-identity', '--profile', 'p', '--endpoint-url', sts.url, '--output', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/erin` });
    expect(sts.calls.at(-1)).toMatchObject({ action: 'GetCallerIdentity', accessKeyId: ERIN.accessKeyId, status: 200 });
  });

  it('rejects /usr/bin/aws signed with a wrong secret', async () => {
    const r = await runAws(dir, ['sts', 'get-caller-identity', '--profile', 'wrong', '--endpoint-url', sts.url]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('SignatureDoesNotMatch');
    expect(sts.calls.at(-1)).toMatchObject({ errorCode: 'SignatureDoesNotMatch', status: 403 });
  });

  it('works with session credentials written to a profile (what Rolecall writes)', async () => {
    const r = await runAws(dir, ['sts', 'get-session-token', '--profile', 'p', '--endpoint-url', sts.url, '--duration-seconds', '900', '--output', 'json']);
    expect(r.code).toBe(0);
    const c = (JSON.parse(r.stdout) as { Credentials: Record<string, string> }).Credentials;
    writeFileSync(
      join(dir, 'credentials'),
      `[s]\naws_access_key_id = ${c.AccessKeyId}\naws_secret_access_key = ${c.SecretAccessKey}\naws_session_token = ${c.SessionToken}\n`,
      { flag: 'a' },
    );
    const id = await runAws(dir, ['sts', 'get-caller-identity', '--profile', 's', '--region', 'us-east-1', '--endpoint-url', sts.url, '--output', 'json']);
    expect(id.code).toBe(0);
    expect(sts.calls.at(-1)).toMatchObject({ accessKeyId: c.AccessKeyId, status: 200 });
  });
});
