/**
 * #13 medium 3: `rolecall login` must not put the console sign-in token into any process's
 * arguments. The "browser opener" here is a script found through PATH (as xdg-open is) that, while
 * the CLI waits, scans every /proc/<pid>/cmdline on the machine, records its own argv, then fetches
 * the URL it was given (twice: the link is single use). The test then checks that the token the 302
 * led to appears in none of the command lines, and that the opener got a one-time loopback URL.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli-runner';
import { missing } from '../fixtures/components';
import { MFA_SERIAL, createWorld, type World } from '../fixtures/core-harness';

const OPENER = `#!${process.execPath}
const fs = require('node:fs');
const http = require('node:http');
const out = process.env.OPENER_REPORT;
const cmdlines = [];
for (const pid of fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p))) {
  try { cmdlines.push(fs.readFileSync('/proc/' + pid + '/cmdline', 'latin1').split('\\0').join(' ')); } catch {}
}
const get = (url) => new Promise((resolve) => {
  http.get(url, (res) => { res.resume(); resolve({ status: res.statusCode, location: res.headers.location }); }).on('error', (e) => resolve({ error: e.code }));
});
(async () => {
  const first = await get(process.argv[2]);
  const second = await get(process.argv[2]);
  fs.writeFileSync(out, JSON.stringify({ argv: process.argv.slice(2), cmdlines, first, second }));
})();
`;

describe.skipIf(missing('keyring') || process.platform !== 'linux')('rolecall login: no sign-in token in process arguments', () => {
  let world: World;
  let bin: string;
  beforeEach(async () => {
    world = await createWorld();
    bin = mkdtempSync(join(tmpdir(), 'rc-opener-'));
    writeFileSync(join(bin, 'xdg-open'), OPENER);
    chmodSync(join(bin, 'xdg-open'), 0o755);
  });
  afterEach(async () => {
    rmSync(bin, { recursive: true, force: true });
    await world.close();
  });

  it('the opener and the browser get a one-time loopback URL; the token is in no /proc/*/cmdline', async () => {
    const report = join(bin, 'report.json');
    const env = { ...world.env, ROLECALL_FEDERATION_ENDPOINT: world.sts.federationUrl, PATH: `${bin}:${world.env.PATH}`, OPENER_REPORT: report };
    const added = await runCli(['add', 'dev', '--mfa-serial', MFA_SERIAL, '--no-verify'], { env, input: `${world.keys.accessKeyId}\n${world.keys.secretAccessKey}\n` });
    expect(added.code, added.stderr).toBe(0);
    expect((await runCli(['switch', 'readonly', '--mfa', world.sts.totp(MFA_SERIAL)], { env })).code).toBe(0);
    const r = await runCli(['login', 'readonly'], { env });
    expect(r.stderr).toContain('Opened the AWS console');
    expect(r.code).toBe(0);
    const seen = JSON.parse(readFileSync(report, 'utf8')) as { argv: string[]; cmdlines: string[]; first: { status: number; location: string }; second: { error?: string; status?: number } };
    expect(seen.argv).toHaveLength(1);
    expect(seen.argv[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}$/);
    expect(seen.first.status).toBe(302);
    const signin = new URL(seen.first.location);
    const token = signin.searchParams.get('SigninToken');
    expect(token && token.length).toBeGreaterThan(20);
    expect(seen.cmdlines.some((c) => c.includes(seen.argv[0]!))).toBe(true); // the scan saw the opener itself
    for (const c of seen.cmdlines) {
      expect(c).not.toContain(token);
      expect(c).not.toContain('SigninToken');
    }
    expect(r.stdout + r.stderr).not.toContain(token);
    // single use: the link is gone once the browser followed it
    expect(seen.second.status ?? seen.second.error).not.toBe(302);
  });
});
