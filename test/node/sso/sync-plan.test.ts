/**
 * What a sync does with sections already there: its own (marked) ones are rewritten when the role
 * moved (e.g. the session's region changed), a user's section is never touched — also when it
 * appears between the plan and the write (the writer checks again under the lock) — and a role a
 * profile of the user's reaches already is not written twice.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSharedFiles } from '../../../electron/core/aws-files/read';
import type { SsoTokenSource } from '../../../electron/core/sso/config';
import type { SsoAccountWithRoles } from '../../../electron/core/sso/discovery';
import { managedConfigSections, planSsoSync, writeSsoSync } from '../../../electron/core/sso/sync';

const source = (region: string): SsoTokenSource => ({ sessionName: 'work', startUrl: 'https://d-1234567890.awsapps.com/start', region, scopes: [] });
const accounts: SsoAccountWithRoles[] = [
  { accountId: '111111111111', accountName: 'dev', emailAddress: '', roles: ['Admin', 'ReadOnly'] },
  { accountId: '222222222222', accountName: 'Dev', emailAddress: '', roles: ['Admin'] },
];

function setup(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'rolecall-sync-plan-'));
  const paths = { configFile: join(dir, 'config'), credentialsFile: join(dir, 'credentials') };
  writeFileSync(paths.configFile, text);
  const plan = async (region = 'eu-west-1') => planSsoSync(await readSharedFiles(paths), await managedConfigSections(paths), source(region), accounts, '');
  return { dir, paths, plan };
}

describe('sso sync over existing sections', () => {
  it('names accounts that differ only in case apart, and rewrites only its own sections when the role moved', async () => {
    const { paths, plan, dir } = setup('[profile mine]\nregion = us-east-1\n');
    const first = await plan();
    expect(first.entries.map((e) => [e.profile, e.status])).toEqual([
      ['dev-111111111111/Admin', 'new'],
      ['dev-111111111111/ReadOnly', 'new'],
      ['Dev-222222222222/Admin', 'new'],
    ]);
    await writeSsoSync(paths, first);
    const moved = await plan('us-west-2');
    expect(moved.entries.map((e) => e.status)).toEqual(['update', 'update', 'update']);
    const result = await writeSsoSync(paths, moved);
    expect(result.written).toHaveLength(3);
    const text = readFileSync(paths.configFile, 'utf8');
    expect(text.startsWith('[profile mine]\nregion = us-east-1\n')).toBe(true);
    expect(text.match(/region = us-west-2/g)).toHaveLength(3);
    expect(text).not.toMatch(/eu-west-1/);
    expect(readdirSync(dir).filter((f) => f.includes('rolecall-backup'))).toHaveLength(2);
  });

  it('keeps a section the user wrote between the plan and the write, byte for byte', async () => {
    const { paths, plan } = setup('');
    const p = await plan();
    appendFileSync(paths.configFile, '[profile dev-111111111111/Admin]\n# mine\nregion = ap-south-1\n');
    const result = await writeSsoSync(paths, p);
    expect(result.keptUsers).toEqual(['profile dev-111111111111/Admin']);
    expect(result.written).toEqual(['profile dev-111111111111/ReadOnly', 'profile Dev-222222222222/Admin']);
    expect(readFileSync(paths.configFile, 'utf8').startsWith('[profile dev-111111111111/Admin]\n# mine\nregion = ap-south-1\n')).toBe(true);
  });

  it('does not write a role a profile of the user\'s reaches already (by session or by start URL)', async () => {
    const { plan } = setup('[profile a]\nsso_session = work\nsso_account_id = 111111111111\nsso_role_name = Admin\n\n[profile b]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 222222222222\nsso_role_name = Admin\n');
    const p = await plan();
    expect(p.entries.map((e) => [e.status, e.existingProfile ?? null])).toEqual([['covered', 'a'], ['new', null], ['covered', 'b']]);
    expect(p.sections.map((s) => s.section)).toEqual(['profile dev-111111111111/ReadOnly']);
  });
});
