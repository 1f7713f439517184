/**
 * Which profile names can take a keychain source (aws-vault's layout): generated config and
 * credentials files around `dev`, read by the real loader, through the real `addSource`. A section
 * with only settings is accepted and its settings win; any credential source of its own is refused
 * with the key and the real file named, and then nothing is stored.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../electron/core/profiles/catalog';
import { MemorySecretStore } from '../../../electron/core/keychain/memory-store';
import { addSource } from '../../../electron/core/sources/sources';
import { isRolecallError } from '../../../electron/core/errors';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const MFA = 'arn:aws:iam::123456789012:mfa/dev-user';

function desk(config: string, credentials: string) {
  const dir = mkdtempSync(join(tmpdir(), 'source-home-'));
  dirs.push(dir);
  const paths = { configFile: join(dir, 'config'), credentialsFile: join(dir, 'credentials') };
  writeFileSync(paths.configFile, config, { mode: 0o600 });
  writeFileSync(paths.credentialsFile, credentials, { mode: 0o600 });
  const secrets = new MemorySecretStore();
  const deps = { secrets, loadCatalog: () => loadCatalog(paths, secrets), verify: async () => ({ arn: 'x', account: '1', userId: 'u' }), now: () => new Date(0) };
  return { paths, secrets, deps };
}

/** Credential sources a profile can have of its own, and the file each sits in. */
const OWN_SOURCES: Array<{ key: string; line: string; file: 'config' | 'credentials' }> = [
  { key: 'role_arn', line: 'role_arn = arn:aws:iam::123456789012:role/X', file: 'config' },
  { key: 'source_profile', line: 'source_profile = other', file: 'config' },
  { key: 'credential_process', line: 'credential_process = /usr/bin/false', file: 'config' },
  { key: 'credential_source', line: 'credential_source = Environment', file: 'config' },
  { key: 'web_identity_token_file', line: 'web_identity_token_file = /tmp/token', file: 'config' },
  { key: 'sso_start_url', line: 'sso_start_url = https://x.awsapps.com/start', file: 'config' },
  { key: 'sso_session', line: 'sso_session = corp', file: 'config' },
  { key: 'sso_account_id', line: 'sso_account_id = 123456789012', file: 'config' },
  { key: 'aws_access_key_id', line: 'aws_access_key_id = AKIAOTHER00000000000', file: 'config' },
  { key: 'aws_access_key_id', line: 'aws_access_key_id = AKIAOTHER00000000000', file: 'credentials' },
  { key: 'aws_secret_access_key', line: 'aws_secret_access_key = other', file: 'credentials' },
  { key: 'credential_process', line: 'credential_process = /usr/bin/false', file: 'credentials' },
];

const settingLines = fc.subarray(['output = json', 'region = eu-west-1', `mfa_serial = ${MFA}`, 'duration_seconds = 7200', 'cli_pager =', 's3 =\n  addressing_style = path'], {
  minLength: 0,
});
// header spellings botocore and the JS SDK agree on (the rest is the section scanner's differential test)
const header = fc.constantFrom('[profile dev]', '[profile dev]   ', '[profile dev]\r');
const Key = (k: string) => new RegExp(`^\`dev\` already gets credentials from .*\`${k}\`.* in (.+?)(,|$)`);

async function refusal(run: Promise<unknown>): Promise<{ code: string; message: string; action?: string }> {
  try {
    await run;
  } catch (e) {
    if (isRolecallError(e)) return { code: e.code, message: e.message, ...(e.action ? { action: e.action } : {}) };
    throw e;
  }
  throw new Error('expected addSource to refuse');
}

describe('addSource: a config profile as the home of a keychain source', () => {
  it('accepts a section with only settings; its mfa_serial/region/duration win over what was given', async () => {
    await fc.assert(
      fc.asyncProperty(header, settingLines, async (h, lines) => {
        const d = desk(`# mine\n${h}\n${lines.join('\n')}\n`, '');
        const given = 'arn:aws:iam::123456789012:mfa/typed';
        const r = await addSource(d.deps, { name: 'dev', ...KEYS, mfaSerial: given, verify: false });
        expect((await d.secrets.getSource('dev'))?.accessKeyId).toBe(KEYS.accessKeyId);
        const dev = (await d.deps.loadCatalog()).profiles.find((p) => p.name === 'dev');
        const fileMfa = lines.includes(`mfa_serial = ${MFA}`);
        expect(dev).toMatchObject({ kind: 'source', origin: 'keychain', mfaSerial: fileMfa ? MFA : given });
        expect(dev?.kind === 'source' && dev.settingOrigins?.mfaSerial).toBe(fileMfa ? 'config-file' : 'keychain');
        if (lines.includes('region = eu-west-1')) expect(dev).toMatchObject({ region: 'eu-west-1', settingOrigins: { region: 'config-file' } });
        if (lines.includes('duration_seconds = 7200')) expect(dev).toMatchObject({ durationSeconds: 7200, settingOrigins: { durationSeconds: 'config-file' } });
        expect(r.notes?.some((n) => n.includes('that one is used')) ?? false).toBe(fileMfa);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses every profile with a credential source of its own, naming the key and the real file; stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...OWN_SOURCES), header, settingLines, async (own, h, lines) => {
        const config = `${h}\n${[...lines, ...(own.file === 'config' ? [own.line] : [])].join('\n')}\n`;
        const credentials = own.file === 'credentials' ? `[dev]\n${own.line}\n` : '';
        const d = desk(config, credentials);
        const e = await refusal(addSource(d.deps, { name: 'dev', ...KEYS, verify: false }));
        expect(e.code).toBe('InvalidInput');
        const m = Key(own.key).exec(e.message);
        expect(m?.[1]).toBe(own.file === 'config' ? d.paths.configFile : d.paths.credentialsFile);
        expect(e.action).toBeTruthy();
        expect(await d.secrets.getSource('dev')).toBeUndefined();
        expect(readFileSync(d.paths.configFile, 'utf8')).toBe(config);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a target section Rolecall writes sessions to', async () => {
    const d = desk('', '[dev]\n# rolecall:managed expires=2030-01-01T00:00:00Z source=admin\naws_access_key_id = ASIAX\naws_secret_access_key = s\naws_session_token = t\n');
    const e = await refusal(addSource(d.deps, { name: 'dev', ...KEYS, verify: false }));
    expect(e.message).toContain('is a target profile Rolecall writes sessions to');
  });

  it('lets stored keys be replaced (--force) while a plaintext copy waits for import', async () => {
    const d = desk('', `[dev]\naws_access_key_id = ${KEYS.accessKeyId}\naws_secret_access_key = ${KEYS.secretAccessKey}\n`);
    await d.secrets.setSource('dev', KEYS);
    await addSource(d.deps, { name: 'dev', accessKeyId: 'AKIAIOSFODNN7EXAMPL2', secretAccessKey: KEYS.secretAccessKey, verify: false, overwrite: true });
    expect((await d.secrets.getSource('dev'))?.accessKeyId).toBe('AKIAIOSFODNN7EXAMPL2');
  });
});
