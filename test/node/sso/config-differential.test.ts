/**
 * Which SSO profiles Rolecall accepts, refuses and ignores, against botocore's own SSOProvider
 * (`_load_sso_config`, credentials.py) on the same files: for every combination of keys in a
 * profile and its `[sso-session]` (missing, present, agreeing or not, a session that does not
 * exist), both say "not an SSO profile", "valid", or refuse it with the same message (Rolecall's
 * quotes botocore's and adds the next step). Values are well-formed here: where Rolecall is
 * stricter (https start URL, region and account shapes) config.test covers it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSharedFiles } from '../../../electron/core/aws-files/read';
import { ssoRoleProfile } from '../../../electron/core/sso/config';
import { isRolecallError } from '../../../electron/core/errors';
import { PYTHON, missing } from '../../fixtures/components';

const URL_A = 'https://d-1111111111.awsapps.com/start';
const URL_B = 'https://d-2222222222.awsapps.com/start';
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const session = fc.record({ sso_start_url: maybe(fc.constantFrom(URL_A, URL_B)), sso_region: maybe(fc.constantFrom('eu-west-1', 'us-east-1')), sso_registration_scopes: maybe(fc.constant('sso:account:access')) });
const profile = fc.record({
  sso_session: maybe(fc.constantFrom('work', 'gone')),
  sso_account_id: maybe(fc.constant('111111111111')),
  sso_role_name: maybe(fc.constant('Admin')),
  sso_start_url: maybe(fc.constantFrom(URL_A, URL_B)),
  sso_region: maybe(fc.constantFrom('eu-west-1', 'us-east-1')),
});

function section(header: string, keys: Record<string, string | undefined>): string {
  return [`[${header}]`, ...Object.entries(keys).filter(([, v]) => v !== undefined).map(([k, v]) => `${k} = ${v}`), ''].join('\n');
}

const BOTOCORE = `
import json, sys
import botocore.configloader as cl
from botocore.credentials import SSOProvider
from botocore.exceptions import InvalidConfigError
out = []
for path in sys.argv[1:]:
    cfg = cl.load_config(path)
    try:
        r = SSOProvider(lambda: cfg, None, 'p')._load_sso_config()
        out.append('none' if r is None else 'ok')
    except InvalidConfigError as e:
        out.append('error: ' + str(e))
print(json.dumps(out))
`;

describe.skipIf(missing('botocore'))('SSO profile validation, differential against botocore', () => {
  it('agrees on none / ok / the refusal message for generated profiles', async () => {
    const cases = fc.sample(fc.tuple(session, profile), { numRuns: 300, seed: 20261203 });
    const dir = mkdtempSync(join(tmpdir(), 'rolecall-sso-diff-'));
    const paths = cases.map(([s, p], i) => {
      const file = join(dir, `config-${i}`);
      writeFileSync(file, `${section('sso-session work', s)}\n${section('profile p', p)}`);
      return file;
    });
    const theirs = JSON.parse(execFileSync(PYTHON, ['-c', BOTOCORE, ...paths], { env: { PATH: '/usr/bin:/bin' } }).toString()) as string[];
    const seen = new Set<string>();
    for (const [i, file] of paths.entries()) {
      const files = await readSharedFiles({ configFile: file, credentialsFile: join(dir, 'none') });
      let ours: string;
      try {
        ours = ssoRoleProfile(files, 'p') === undefined ? 'none' : 'ok';
      } catch (e) {
        if (!isRolecallError(e) || e.code !== 'SsoConfigInvalid') throw e;
        ours = `error: ${e.message}`;
        expect(e.action, file).toBeTruthy();
      }
      const botocore = theirs[i]!;
      seen.add(botocore.replace(/:.*/, ''));
      if (botocore.startsWith('error: ')) expect(ours, JSON.stringify(cases[i])).toBe(botocore.endsWith('.') ? botocore : `${botocore}.`);
      else expect(ours, JSON.stringify(cases[i])).toBe(botocore);
    }
    expect([...seen].sort()).toEqual(['error', 'none', 'ok']);
  });
});
