/**
 * #13 medium 1: a scrub's backup must not keep the secrets the scrub moved into the keychain. For
 * generated files (line endings, spacing, casing, continuation lines, neighbouring sections), the
 * backup holds no scrubbed secret, keeps every other section's bytes and is mode 0600, and doctor
 * finds and cleans older copies beside the AWS files.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scrubKeys } from '../../../electron/core/aws-files/section-writer';
import { redactSecretsText } from '../../../electron/core/aws-files/secret-redaction';
import { cleanSecretLeftovers, findSecretLeftovers, runDoctor } from '../../../electron/core/doctor';
import { createDesk } from '../doctor/desk';

const token = fc.stringMatching(/^[A-Za-z0-9/+]{20,40}$/);
const eol = fc.constantFrom('\n', '\r\n');
const keyName = fc.constantFrom('aws_secret_access_key', 'AWS_Secret_Access_Key', 'aws_session_token', 'aws_security_token');
const sep = fc.constantFrom(' = ', '=', ' : ', '  =  ');

/** Every file under `dir`, with its bytes. */
function allFiles(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...allFiles(p));
    else out.push({ path: p, text: readFileSync(p, 'latin1') });
  }
  return out;
}

describe('scrub backups', () => {
  it('hold none of the scrubbed secrets, keep the other sections byte for byte, mode 0600', async () => {
    await fc.assert(
      fc.asyncProperty(token, token, token, eol, keyName, sep, fc.boolean(), async (rawSecret, rawExtra, otherSecret, nl, key, s, continued) => {
        const secret = `DEVSECRET${rawSecret}`;
        const extra = `DEVMORE${rawExtra}`;
        const home = mkdtempSync(join(tmpdir(), 'rolecall-scrub-'));
        try {
          const file = join(home, 'credentials');
          const other = `[other]${nl}aws_access_key_id = AKIAOTHER${nl}aws_secret_access_key = ${otherSecret}${nl}`;
          const dev = `[dev]${nl}aws_access_key_id${s}AKIADEV${nl}# note${nl}${key}${s}${secret}${nl}${continued ? `   ${extra}${nl}` : ''}region = eu-west-1${nl}`;
          writeFileSync(file, `; mine${nl}${other}${dev}`, { mode: 0o600 });
          const { backupPath } = await scrubKeys(file, 'dev', { now: () => new Date('2026-03-01T12:00:00Z') });
          expect(backupPath).toBeDefined();
          const backup = readFileSync(backupPath!, 'latin1');
          expect(backup).not.toContain(secret);
          if (continued) expect(backup).not.toContain(extra);
          expect(backup.startsWith(`; mine${nl}${other}[dev]${nl}aws_access_key_id${s}AKIADEV${nl}# note${nl}`)).toBe(true);
          expect(backup).toContain(`region = eu-west-1${nl}`);
          expect(statSync(backupPath!).mode & 0o777).toBe(0o600);
          for (const f of allFiles(home)) expect(f.text, f.path).not.toContain(secret);
        } finally {
          rmSync(home, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  });

  it('redaction keeps every byte outside the secret lines', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('[a]', 'region = x', '# c', '', 'aws_access_key_id = AKIA1', ' nested = 1'), { maxLength: 12 }), eol, (lines, nl) => {
        const text = lines.join(nl);
        expect(redactSecretsText(text)).toBe(text);
      }),
    );
  });
});

describe('secret leftovers beside the AWS files', () => {
  it('doctor names backups and copies holding secret keys, and --clean-backups redacts them in place', async () => {
    const d = createDesk({ credentials: '[dev]\nregion = eu-west-1\n', config: '' });
    try {
      const old = join(d.home, '.aws', 'credentials.rolecall-backup-20250101T000000Z');
      const copy = join(d.home, '.aws', 'credentials.bak');
      writeFileSync(old, '[dev]\naws_access_key_id = AKIAOLD\naws_secret_access_key = OLDSECRETOLDSECRET\n', { mode: 0o600 });
      writeFileSync(copy, '# mine\r\n[x]\r\nAWS_SECRET_ACCESS_KEY: COPYSECRETCOPY\r\n', { mode: 0o600 });
      writeFileSync(join(d.home, '.aws', 'notes.txt'), 'aws_secret_access_key =\n', { mode: 0o600 });
      const checks = await runDoctor({ ...d.deps(), skipClock: true });
      const found = checks.find((c) => c.id === 'secret-leftovers');
      expect(found).toMatchObject({ status: 'warn', fix: expect.stringContaining('rolecall doctor --clean-backups') });
      expect(found!.message).toContain(old);
      expect(found!.message).toContain(copy);
      expect(found!.message).not.toContain('OLDSECRET');
      expect(await findSecretLeftovers(d.deps().paths)).toEqual([copy, old]);
      expect(await cleanSecretLeftovers([copy, old])).toEqual([copy, old]);
      expect(readFileSync(copy, 'latin1')).toBe('# mine\r\n[x]\r\n# aws_secret_access_key redacted by Rolecall (the key is kept in the OS keychain)\r\n');
      expect(readFileSync(old, 'latin1')).toContain('aws_access_key_id = AKIAOLD\n# aws_secret_access_key redacted');
      expect(statSync(old).mode & 0o777).toBe(0o600);
      for (const f of allFiles(d.home)) expect(f.text).not.toMatch(/OLDSECRET|COPYSECRET/);
      const again = await runDoctor({ ...d.deps(), skipClock: true });
      expect(again.find((c) => c.id === 'secret-leftovers')!.status).toBe('ok');
    } finally {
      rmSync(d.home, { recursive: true, force: true });
    }
  });
});
