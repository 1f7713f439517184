/**
 * The two edits §W1 and the BOM repair add to the byte-preserving writer: appending a user's
 * `[profile NAME]` only when absent, and dropping a leading BOM. Generated files (CRLF or LF, with
 * or without a final newline, comments, a BOM, other sections) must keep every other byte.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { appendSectionIfAbsent } from '../../../electron/core/aws-files/section-writer';
import { SectionIndex } from '../../../electron/core/aws-files/section-scan';
import { removeBom, removeBoms, startsWithBom } from '../../../electron/core/aws-files/bom';
import { checkByteOrderMarks } from '../../../electron/core/doctor/file-checks';

const root = mkdtempSync(join(tmpdir(), 'append-bom-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(mkdtempSync(join(root, `${n++}-`)), 'config');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const lineArb = fc.constantFrom('# a comment', '; another', '[profile other]', 'region = eu-west-1', 's3 =', '  addressing_style = path', '', 'key=v#not-a-comment', 'naïve = ü');
const fileArb = fc.record({
  lines: fc.array(lineArb, { maxLength: 12 }),
  eol: fc.constantFrom('\n', '\r\n'),
  finalNewline: fc.boolean(),
  bom: fc.boolean(),
});
function bytes(f: { lines: string[]; eol: string; finalNewline: boolean; bom: boolean }): Buffer {
  const text = f.lines.join(f.eol) + (f.finalNewline && f.lines.length ? f.eol : '');
  return Buffer.concat([f.bom ? BOM : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
}

/** Whether botocore reads the file (the writer edits only those; see edit-guard.ts). */
const readable = (b: Buffer): boolean => SectionIndex.of(b.toString('utf8')).problem === undefined;

describe('appendSectionIfAbsent', () => {
  it('appends the section after every original byte, with the file\'s own line ending, once', async () => {
    await fc.assert(
      fc.asyncProperty(fileArb.filter((f) => readable(bytes(f))), fc.constantFrom('profile dev', 'default'), async (f, section) => {
        const file = fresh();
        const before = bytes(f);
        if (before.length > 0) writeFileSync(file, before);
        const r = await appendSectionIfAbsent(file, section, { mfa_serial: 'arn:aws:iam::123456789012:mfa/me', region: 'eu-west-2' }, { kind: 'config' });
        expect(r.written).toBe(true);
        const after = readFileSync(file);
        expect(after.subarray(0, before.length).equals(before)).toBe(true);
        const eol = f.lines.length > 1 || (f.finalNewline && f.lines.length) ? f.eol : '\n';
        const tail = after.subarray(before.length).toString('utf8');
        expect(tail.replace(/^\r?\n/, '')).toBe([`[${section}]`, 'mfa_serial = arn:aws:iam::123456789012:mfa/me', 'region = eu-west-2', ''].join(eol));
        expect(statSync(file).mode & 0o777).toBe(0o600);
        const again = await appendSectionIfAbsent(file, section, { region: 'us-east-1' }, { kind: 'config' });
        expect(again.written).toBe(false);
        expect(readFileSync(file).equals(after)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a file the AWS CLI cannot parse and leaves every byte of it', async () => {
    await fc.assert(
      fc.asyncProperty(fileArb.filter((f) => !readable(bytes(f))), async (f) => {
        const file = fresh();
        const before = bytes(f);
        writeFileSync(file, before);
        await expect(appendSectionIfAbsent(file, 'profile dev', { region: 'eu-west-2' }, { kind: 'config' })).rejects.toMatchObject({ code: 'ConfigMalformed' });
        expect(readFileSync(file).equals(before)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('finds the profile in either header form the AWS CLI reads, and then appends nothing', async () => {
    for (const text of ['[profile  dev]\nregion = eu-west-1\n', '[profile "dev"]\nregion = eu-west-1\n']) {
      const file = fresh();
      writeFileSync(file, text);
      expect(await appendSectionIfAbsent(file, 'profile dev', { region: 'us-east-1' }, { kind: 'config' })).toEqual({ written: false });
      expect(readFileSync(file, 'utf8')).toBe(text);
    }
  });

  it('leaves an existing section exactly as it is, whatever it holds', async () => {
    const file = fresh();
    const text = '[profile dev]\r\n# mine\r\ncredential_process = x\r\n[b]';
    writeFileSync(file, text);
    expect(await appendSectionIfAbsent(file, 'profile dev', { region: 'eu-west-1' }, { kind: 'config' })).toEqual({ written: false });
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('removeBom', () => {
  it('removes exactly the three BOM bytes, after a backup of the original; nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, async (f) => {
        const file = fresh();
        const before = bytes(f);
        writeFileSync(file, before, { mode: 0o600 });
        expect(await startsWithBom(file)).toBe(f.bom);
        const r = await removeBom(file, { now: () => new Date('2026-12-03T10:00:00Z') });
        expect(r.removed).toBe(f.bom);
        expect(readFileSync(file).equals(f.bom ? before.subarray(3) : before)).toBe(true);
        const backups = readdirSync(join(file, '..')).filter((x) => x.includes('rolecall-backup'));
        expect(backups.length).toBe(f.bom ? 1 : 0);
        if (r.backupPath) expect(readFileSync(r.backupPath).equals(before)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('doctor names each file with a BOM and the fix; removeBoms fixes both, missing files are fine', async () => {
    const configFile = fresh();
    const credentialsFile = join(configFile, '..', 'credentials');
    writeFileSync(configFile, Buffer.concat([BOM, Buffer.from('[default]\nregion = eu-west-1\n')]));
    expect(await checkByteOrderMarks({ configFile, credentialsFile })).toEqual([
      { id: 'file-bom:credentials', status: 'ok', message: `${credentialsFile} has no byte order mark.` },
      expect.objectContaining({ id: 'file-bom:config', status: 'warn', fix: 'rolecall doctor --fix-bom', message: expect.stringContaining('Unable to parse config file') }),
    ]);
    writeFileSync(credentialsFile, Buffer.concat([BOM, Buffer.from('[x]\n')]));
    const fixed = await removeBoms({ configFile, credentialsFile });
    expect(fixed.map((f) => f.file)).toEqual([credentialsFile, configFile]);
    expect((await checkByteOrderMarks({ configFile, credentialsFile })).every((c) => c.status === 'ok')).toBe(true);
  });
});
