/**
 * One regression example per disagreement the botocore differential test found between the old
 * scanner and the AWS CLI (each is a class: the differential test generates the variants). The
 * expected bytes here are what botocore needs; botocore-corners.test.ts checks the readings live.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatMarker } from '../../../electron/core/aws-files/marker';
import { removeSection, upsertSection } from '../../../electron/core/aws-files/section-writer';
import { assertNotShadowed } from '../../../electron/core/aws-files/target-guard';
import { RolecallError } from '../../../electron/core/errors';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolecall-botocore-rules-'));
  file = join(dir, 'file');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const KEYS = { aws_access_key_id: 'ASIAEXAMPLE', aws_secret_access_key: 'se/cr+et=' };
const MARKER = { source: 'admin' };
const OURS = (header: string, eol = '\n'): string => [`[${header}]`, formatMarker(MARKER), 'aws_access_key_id = ASIAEXAMPLE', 'aws_secret_access_key = se/cr+et='].join(eol) + eol;
const bytes = (): string => readFileSync(file, 'utf8');
const refusal = async (p: Promise<unknown>): Promise<RolecallError> => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(RolecallError);
  return e as RolecallError;
};

describe('the writer names sections as botocore does', () => {
  it('[ dev ] is the profile " dev ", so a target dev is free and gets its own section', async () => {
    writeFileSync(file, '[ dev ]\nregion = eu-west-1\n');
    await upsertSection(file, 'dev', KEYS, MARKER, { configFile: null });
    expect(bytes()).toBe(`[ dev ]\nregion = eu-west-1\n${OURS('dev')}`);
  });

  it('text after the closing bracket is ignored by botocore: [dev] junk is dev', async () => {
    writeFileSync(file, '[dev] junk\nold = 1\n');
    await upsertSection(file, 'dev', KEYS, MARKER, { configFile: null, takeOver: true });
    expect(bytes()).toBe(OURS('dev'));
  });

  it('a lone CR ends a line for botocore, so a header after one is found and only its section replaced', async () => {
    writeFileSync(file, `[a]\rk = 1\r[dev]\r${formatMarker(MARKER)}\rold = 1\r`);
    await upsertSection(file, 'dev', KEYS, MARKER, { configFile: null });
    expect(bytes()).toBe(`[a]\rk = 1\r${OURS('dev')}`);
  });

  it('an indented [x] under a key continues its value: it is not a section, so x is free', async () => {
    writeFileSync(file, '[a]\nk = v\n  [x]\n');
    await upsertSection(file, 'x', KEYS, MARKER, { configFile: null });
    expect(bytes()).toBe(`[a]\nk = v\n  [x]\n${OURS('x')}`);
  });

  it('refuses [DEFAULT] as a target: botocore gives its keys to every profile', async () => {
    expect((await refusal(upsertSection(file, 'DEFAULT', KEYS, MARKER, { configFile: null }))).code).toBe('InvalidInput');
  });
});

describe('the writer never edits a file botocore refuses, and never changes another profile', () => {
  it.each([
    ['a duplicate key elsewhere', '[a]\nk = 1\nK = 2\n', 3],
    ['a repeated section', '[a]\n[b]\n[a]\n', 3],
    ['a key before any header', 'region = x\n[a]\n', 1],
    ['a line that is no key', '[a]\njust words\n', 2],
    ['a nested block line without =', '[a]\ns3 =\n  words\n', 3],
  ])('%s: ConfigMalformed naming the line, file untouched', async (_what, text, line) => {
    writeFileSync(file, text);
    const e = await refusal(upsertSection(file, 'dev', KEYS, MARKER, { configFile: null }));
    expect(e.code).toBe('ConfigMalformed');
    expect(e.message).toContain(`on line ${line}`);
    expect(e.message).toContain('Unable to parse config file');
    expect(e.action).toContain(`Fix line ${line}`);
    expect(bytes()).toBe(text);
  });

  it('a remove with nothing to remove leaves a broken file alone without an error', async () => {
    writeFileSync(file, '[a]\nk = 1\nk = 2\n');
    expect(await removeSection(file, 'dev')).toEqual({ removed: false, backupPath: undefined });
  });

  it('refuses to rewrite a section followed by an indented header that would then continue our last key', async () => {
    const text = `[dev]\n  ${formatMarker(MARKER)}\n  old = 1\n [b]\nk = v\n`;
    writeFileSync(file, text);
    const e = await refusal(upsertSection(file, 'dev', KEYS, MARKER, { configFile: null }));
    expect(e.code).toBe('ConfigMalformed');
    expect(e.message).toMatch(/line 4 after \[dev\] is indented/);
    expect(bytes()).toBe(text);
  });

  it('refuses to remove a section when the indented header after it would join the key before it', async () => {
    const text = `[a]\nk = v\n[dev]\n${formatMarker(MARKER)}\n x = 1\n [b]\nk = v\n`;
    writeFileSync(file, text);
    expect((await refusal(removeSection(file, 'dev'))).code).toBe('ConfigMalformed');
    expect(bytes()).toBe(text);
    // With nothing open before it, the same indented header stays a header: the removal is fine.
    writeFileSync(file, `[a]\n[dev]\n${formatMarker(MARKER)}\n x = 1\n [b]\nk = v\n`);
    await removeSection(file, 'dev');
    expect(bytes()).toBe('[a]\n [b]\nk = v\n');
  });
});

describe('config files: the [profile X] header as botocore maps it', () => {
  it('finds the user\'s [profile  dev] (two spaces) as profile dev instead of adding a second one', async () => {
    writeFileSync(file, '[profile  dev]\nregion = eu-west-1\n');
    expect((await refusal(upsertSection(file, 'profile dev', KEYS, MARKER, { kind: 'config', configFile: null }))).code).toBe('SectionNotManaged');
    await upsertSection(file, 'profile dev', KEYS, MARKER, { kind: 'config', configFile: null, takeOver: true });
    expect(bytes()).toBe(OURS('profile  dev'));
  });

  it.each([
    ['[default]\nregion = a\n[profile default]\nregion = b\n', 'default'],
    ['[profile dev]\nregion = a\n[profile "dev"]\nregion = b\n', 'profile dev'],
    ['[profile dev]\nregion = a\n[profile\tdev]\nregion = b\n', 'profile dev'],
  ])('refuses a profile two sections define (%j): the CLI reads only the last', async (text, header) => {
    writeFileSync(file, text);
    const e = await refusal(upsertSection(file, header, KEYS, MARKER, { kind: 'config', configFile: null, takeOver: true }));
    expect(e.code).toBe('ConfigMalformed');
    expect(e.message).toMatch(/both define the profile/);
    expect(bytes()).toBe(text);
  });

  it.each(['profile a b', 'profile "x"', 'profile', 'profilex', 'dev'])('refuses to write [%s], which botocore would not read back as that profile', async (header) => {
    expect((await refusal(upsertSection(file, header, KEYS, MARKER, { kind: 'config', configFile: null }))).code).toBe('InvalidInput');
  });

  it.each(['[profile  dev]', '[profile "dev"]', "[profile 'dev']", '[profile\tdev]', '[profilex dev]'])('a credentials target dev is shadowed by %s with role_arn (the JS SDK misses most of these)', async (header) => {
    writeFileSync(file, `${header}\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n`);
    const e = await refusal(assertNotShadowed('dev', file));
    expect(e.code).toBe('TargetShadowed');
    expect(e.message).toContain('[profile dev]');
  });

  it('keys are case-insensitive for botocore: Role_Arn shadows too', async () => {
    writeFileSync(file, '[profile dev]\nRole_Arn = arn:aws:iam::123456789012:role/r\n');
    expect((await refusal(assertNotShadowed('dev', file))).message).toContain('role_arn');
  });
});

describe('read warnings name sections as botocore does', () => {
  it('[ dev ] next to [dev] is no repeated section (botocore reads two profiles, " dev " and "dev")', async () => {
    const { readSharedFiles } = await import('../../../electron/core/aws-files/read');
    const config = join(dir, 'config');
    const credentials = join(dir, 'credentials');
    writeFileSync(config, '');
    writeFileSync(credentials, '[ dev ]\nk = 1\n[dev]\nk = 2\n[dev]\nk = 3\n');
    const { warnings } = await readSharedFiles({ configFile: config, credentialsFile: credentials }, { warnings: true });
    expect(warnings?.map((w) => [w.line, w.message.slice(0, 30)])).toEqual([[5, 'Section [dev] appears again (f']]);
  });
});
