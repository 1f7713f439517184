/**
 * `rolecall exec --server`: the built bin serving a container-credentials endpoint to real
 * consumers in its child — the AWS CLI, boto3 and the JS SDK v3 on their default chains — against
 * the SigV4-verifying loopback STS; the endpoint's refusals; and refresh across expiries.
 *
 * Expiry: boto3 and the JS SDK judge expiry by the real clock, so a ManualClock cannot move it for
 * them. The refresh world instead runs the loopback STS 876 s behind real time: the Expiration of
 * its 900-s minimum sessions is 24 real seconds after issue, so the SDKs (and rolecall) see each
 * session end within seconds. STS itself would still accept them for 15 minutes, so the verdict is
 * the SDKs' own view: one long-lived client outlived two sessions' Expiration and kept signing
 * (botocore refuses to sign with a session it judges expired; the JS script checks the same). The
 * waits are the sessions' real lifetimes; nothing asserts on a duration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_CLI, PYTHON, missing } from '../fixtures/components';
import { ACCOUNT, type World } from '../fixtures/core-harness';
import { execWorld, exitOf, start, waitForOutput } from './support/exec-world';
import { resolve } from 'node:path';

const SESSION_SECONDS = 900;
const REAL_LIFETIME_SECONDS = 24;

describe.skipIf(missing('keyring', 'aws-cli', 'boto3'))('rolecall exec --server', () => {
  let w: World;
  beforeAll(async () => {
    w = await execWorld();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('the AWS CLI inside gets the role from the endpoint, with no static keys in its environment', async () => {
    const child = start(w, ['exec', 'admin', '--server', '--', 'sh', '-c', `echo "keys=[$AWS_ACCESS_KEY_ID]"; ${AWS_CLI} sts get-caller-identity --endpoint-url ${w.sts.url} --output json`], { AWS_PAGER: '', AWS_ACCESS_KEY_ID: 'AKIASTALE' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdin.end();
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
    expect(stderr).toBe('');
    const [first, ...rest] = stdout.split('\n');
    expect(first).toBe('keys=[]');
    expect((JSON.parse(rest.join('\n')) as { Arn: string }).Arn).toMatch(new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/AdminRole/`));
  });

  it('answers only GET on its path with the token: 403 without it, 404/405 otherwise; stops with the child', async () => {
    const child = start(w, ['exec', 'admin', '--server', '--', 'sh', '-c', 'echo "$AWS_CONTAINER_CREDENTIALS_FULL_URI $AWS_CONTAINER_AUTHORIZATION_TOKEN"; read done']);
    const [url, token] = (await waitForOutput(child, '\n')).trim().split(' ') as [string, string];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rolecall\/credentials$/);
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(32);

    const ok = await fetch(url, { headers: { Authorization: token } });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(['AccessKeyId', 'Expiration', 'SecretAccessKey', 'Token']);
    expect(body.AccessKeyId).toMatch(/^ASIA/);

    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const headers of [{}, { Authorization: wrong }, { Authorization: `Bearer ${token}` }, { Authorization: token.slice(1) }] as Array<Record<string, string>>) {
      const r = await fetch(url, { headers });
      expect(r.status, JSON.stringify(Object.keys(headers))).toBe(403);
      expect(await r.text()).not.toContain(body.AccessKeyId!);
    }
    expect((await fetch(url, { method: 'POST', headers: { Authorization: token } })).status).toBe(405);
    expect((await fetch(url.replace('/rolecall/credentials', '/latest/meta-data'), { headers: { Authorization: token } })).status).toBe(404);

    child.stdin.end('\n');
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
    await expect(fetch(url, { headers: { Authorization: token } })).rejects.toThrow();
  });

  it('passes the exit status through and refuses --json and a --listen that is not an address', async () => {
    const child = start(w, ['exec', 'admin', '--server', '--', 'sh', '-c', 'exit 7']);
    child.stdin.end();
    expect(await exitOf(child)).toEqual({ code: 7, signal: null });
    for (const args of [['--json'], ['--listen', 'example.com'], ['--listen', '127.0.0.1', '--no-such']]) {
      const c = start(w, ['exec', 'admin', '--server', ...args, '--', 'true']);
      c.stdin.end();
      expect((await exitOf(c)).code, args.join(' ')).toBe(2);
    }
  });
});

describe.skipIf(missing('keyring', 'boto3'))('rolecall exec --server across session expiries', () => {
  let w: World;
  beforeAll(async () => {
    const behind = (SESSION_SECONDS - REAL_LIFETIME_SECONDS) * 1000;
    w = await execWorld({ stsNow: () => new Date(Date.now() - behind) });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('boto3 and a JS SDK v3 client, each one long-lived client on its default chain, keep working through two expiries', { timeout: 240_000 }, async () => {
    const py = resolve('test/integration/support/refresh-loop.py');
    const js = resolve('test/integration/support/refresh-loop.mjs');
    const script = `"$0" ${py} ${w.sts.url} & p=$!; node ${js} ${w.sts.url} & n=$!; wait $p || exit 11; wait $n || exit 12`;
    const child = start(w, ['exec', 'admin', '--server', '--duration', String(SESSION_SECONDS), '--', 'sh', '-c', script, PYTHON]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdin.end();
    const exit = await exitOf(child);
    expect(stderr).toBe('');
    expect(exit).toEqual({ code: 0, signal: null });
    const results = stdout.trim().split('\n').map((l) => JSON.parse(l) as { sdk: string; sessions: number; outlived: number; arn: string });
    expect(results.map((r) => r.sdk).sort()).toEqual(['boto3', 'js']);
    for (const r of results) {
      expect(r.outlived, r.sdk).toBeGreaterThanOrEqual(2);
      expect(r.sessions, r.sdk).toBeGreaterThanOrEqual(3);
      expect(r.arn).toMatch(/:assumed-role\/AdminRole\//);
    }
  });
});
