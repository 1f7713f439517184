/**
 * The session's region in Rolecall's own section, and never over the user's: generated config and
 * credentials files (the target with or without a region of its own, in any key case, a taken-over
 * section of theirs with one, neighbours with other regions, CRLF or LF), the real writer, and then
 * botocore itself (one Python process for every case) and the JS SDK's loader say which region the
 * target profile ends up with.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { afterAll, describe, expect, it } from 'vitest';
import { upsertSection } from '../../../electron/core/aws-files/section-writer';
import { PYTHON, missing } from '../../fixtures/components';

const root = mkdtempSync(join(tmpdir(), 'region-default-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const KEYS = { aws_access_key_id: 'ASIAEXAMPLE', aws_secret_access_key: 'se/cr+et=', aws_session_token: 'tok' };
const MARKER = { expiresAt: new Date('2030-01-01T00:00:00Z'), source: 'admin' };
const OURS = 'ap-south-1';

interface Case {
  eol: '\n' | '\r\n';
  /** The target's own config section: none, without region, or with one under this key spelling. */
  targetConfig: 'none' | 'no-region' | 'region' | 'Region' | 'REGION';
  /** What the credentials file holds under [work] before the write. */
  existing: 'none' | 'managed' | 'user' | 'user-with-region';
  neighbours: boolean;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  eol: fc.constantFrom('\n' as const, '\r\n' as const),
  targetConfig: fc.constantFrom('none' as const, 'no-region' as const, 'region' as const, 'Region' as const, 'REGION' as const),
  existing: fc.constantFrom('none' as const, 'managed' as const, 'user' as const, 'user-with-region' as const),
  neighbours: fc.boolean(),
});

function files(c: Case): { config: string; credentials: string } {
  const config: string[] = [];
  if (c.neighbours) config.push('[default]', 'region = eu-central-1', '[profile other]', 'region = sa-east-1');
  if (c.targetConfig !== 'none') config.push('[profile work]', 'output = json', ...(c.targetConfig === 'no-region' ? [] : [`${c.targetConfig} = us-west-2`]));
  const credentials: string[] = [];
  if (c.neighbours) credentials.push('[other]', 'region = me-south-1', 'aws_access_key_id = AKIAOTHER');
  if (c.existing === 'managed') credentials.push('[work]', '# rolecall:managed expires=2029-01-01T00:00:00Z source=admin', 'aws_access_key_id = ASIAOLD', 'region = eu-north-1');
  if (c.existing === 'user' || c.existing === 'user-with-region') credentials.push('[work]', 'aws_access_key_id = AKIAUSER', ...(c.existing === 'user-with-region' ? ['region = ca-central-1'] : []));
  if (c.neighbours) credentials.push('[tail]', 'x = 1');
  const join = (lines: string[]) => (lines.length ? lines.join(c.eol) + c.eol : '');
  return { config: join(config), credentials: join(credentials) };
}

/** What the user set, else ours: the region the AWS tools must end up with. */
function expected(c: Case): string {
  if (c.targetConfig !== 'none' && c.targetConfig !== 'no-region') return 'us-west-2';
  if (c.existing === 'user-with-region') return 'ca-central-1';
  return OURS;
}

const BOTOCORE = `
import json, os, sys, botocore.session
out = []
for d in sys.argv[1:]:
    os.environ['AWS_CONFIG_FILE'] = os.path.join(d, 'config')
    os.environ['AWS_SHARED_CREDENTIALS_FILE'] = os.path.join(d, 'credentials')
    s = botocore.session.Session(profile='work')
    out.append(s.get_config_variable('region'))
print(json.dumps(out))
`;

describe('upsertSection with unlessUserSet: { region }', () => {
  it.skipIf(missing('boto3'))('gives the target the user\'s region where they set one, else the session\'s; botocore and the JS SDK agree', async () => {
    const cases = fc.sample(caseArb, { numRuns: 120, seed: 10 });
    const dirs: string[] = [];
    for (const [i, c] of cases.entries()) {
      const dir = join(root, `case-${i}`);
      mkdirSync(dir);
      const f = files(c);
      writeFileSync(join(dir, 'config'), f.config);
      // an empty file written a moment ago reads as one being rewritten: the writer waits it out
      if (f.credentials !== '') writeFileSync(join(dir, 'credentials'), f.credentials);
      await upsertSection(join(dir, 'credentials'), 'work', KEYS, MARKER, { configFile: join(dir, 'config'), takeOver: true, unlessUserSet: { region: OURS } });
      expect(readFileSync(join(dir, 'config'), 'utf8')).toBe(f.config);
      const written = readFileSync(join(dir, 'credentials'), 'utf8');
      const section = /\[work\]\r?\n([\s\S]*?)(?=\[|$)/.exec(written)?.[1] ?? '';
      const userSet = c.targetConfig !== 'none' && c.targetConfig !== 'no-region';
      expect(section.includes('region = '), JSON.stringify(c)).toBe(!userSet);
      const sdk = await loadSharedConfigFiles({ configFilepath: join(dir, 'config'), filepath: join(dir, 'credentials'), ignoreCache: true });
      const merged = { ...sdk.configFile.work, ...sdk.credentialsFile.work } as Record<string, string>;
      const sdkRegion = Object.entries(merged).find(([k]) => k.toLowerCase() === 'region')?.[1];
      expect(sdkRegion, JSON.stringify(c)).toBe(expected(c));
      dirs.push(dir);
    }
    const r = spawnSync(PYTHON, ['-c', BOTOCORE, ...dirs], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(cases.map(expected));
  });

  it('writes no region when none is given; refuses a region value that would not read back', async () => {
    const dir = join(root, 'plain');
    mkdirSync(dir);
    const creds = join(dir, 'credentials');
    await upsertSection(creds, 'work', KEYS, MARKER, { configFile: join(dir, 'config') });
    expect(readFileSync(creds, 'utf8')).not.toContain('region');
    await expect(upsertSection(creds, 'work', KEYS, MARKER, { configFile: join(dir, 'config'), unlessUserSet: { region: 'bad value # x' } })).rejects.toThrow(/cannot be written/);
  });
});
