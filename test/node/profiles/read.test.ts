import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSharedFiles } from '../../../electron/core/aws-files/read';
import { RolecallError } from '../../../electron/core/errors';
import { tempDir, writeAwsFiles } from './helpers';

async function malformed(config: string | Buffer | undefined, credentials?: string | Buffer): Promise<RolecallError> {
  const err = await readSharedFiles(writeAwsFiles(config, credentials)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RolecallError);
  const e = err as RolecallError;
  expect(e.code).toBe('ConfigMalformed');
  expect(e.action).toBeTruthy();
  return e;
}

describe('readSharedFiles: presence and errors', () => {
  it('treats missing files as empty', async () => {
    const files = await readSharedFiles(writeAwsFiles(undefined, undefined));
    expect(files).toEqual({ configFile: {}, credentialsFile: {}, ssoSessions: {}, services: {} });
  });

  it('reads one file when the other is missing', async () => {
    const files = await readSharedFiles(writeAwsFiles(undefined, '[dev]\naws_access_key_id = AKIAX\n'));
    expect(files.credentialsFile).toEqual({ dev: { aws_access_key_id: 'AKIAX' } });
    expect(files.configFile).toEqual({});
  });

  it('reports a directory in place of a file, naming the file', async () => {
    const d = tempDir();
    mkdirSync(join(d, 'config'));
    const err = await readSharedFiles({ configFile: join(d, 'config'), credentialsFile: join(d, 'credentials') }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ConfigMalformed' });
    expect((err as Error).message).toBe(`Cannot read the AWS config file "${join(d, 'config')}": it is a directory, not a file.`);
    expect((err as RolecallError).action).toContain('AWS_CONFIG_FILE');
  });

  it('reports a path through a regular file', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'plain'), 'x');
    const err = await readSharedFiles({ configFile: join(d, 'nope'), credentialsFile: join(d, 'plain', 'credentials') }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^Cannot read the AWS credentials file ".*plain\/credentials": a part of the path is not a directory\.$/);
    expect((err as RolecallError).action).toContain('AWS_SHARED_CREDENTIALS_FILE');
  });

  it.skipIf(process.getuid?.() === 0)('reports a file it may not read', async () => {
    const paths = writeAwsFiles('[default]\nregion = x\n');
    chmodSync(paths.configFile, 0o000);
    const err = await readSharedFiles(paths).catch((e: unknown) => e);
    expect((err as Error).message).toContain('permission denied');
  });

  it('refuses a file that is not UTF-8 (the AWS CLI cannot read it either)', async () => {
    const e = await malformed(Buffer.from([0x5b, 0x64, 0x65, 0x66, 0x5d, 0x0a, 0x23, 0xfc, 0x0a]));
    expect(e.message).toMatch(/AWS config file ".*": it is not valid UTF-8 text\.$/);
  });

  it('names the line of a rejected section after non-ASCII text', async () => {
    const e = await malformed('# Grüße 🚀\n[default]\n[__proto__]\n');
    expect(e.message).toContain('line 3 declares the section [__proto__]');
  });

  it('refuses a binary file, naming the line', async () => {
    const e = await malformed(undefined, '[dev]\nx = 1\n\0\0');
    expect(e.message).toMatch(/AWS credentials file ".*": it contains a NUL byte on line 3, so it is not a text file\.$/);
  });

  it.each(['[__proto__]', '[profile __proto__]', '  [__proto__]  # comment'])('refuses %s, which makes the JS SDK drop the whole file', async (header) => {
    const e = await malformed(`[default]\nregion = us-east-1\n${header}\nregion = x\n`);
    expect(e.message).toContain(`line 3 declares the section [${header.includes('profile') ? 'profile __proto__' : '__proto__'}]`);
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])('refuses [%s], which the SDK would write onto a built-in object, before the SDK sees it', async (name) => {
    const e = await malformed(undefined, `[dev]\naws_access_key_id = AKIAX\n\n[${name}]\naws_access_key_id = AKIAPOLLUTE\naws_secret_access_key = pollute-secret\n`);
    expect(e.message).toContain(`line 4 declares the section [${name}], a name the AWS SDK for JavaScript cannot read`);
    expect(JSON.stringify(e)).not.toContain('pollute-secret');
    expect((Object as unknown as Record<string, unknown>).aws_secret_access_key).toBeUndefined();
    expect((Object.prototype.toString as unknown as Record<string, unknown>).aws_secret_access_key).toBeUndefined();
  });

  it('accepts the same names where the loader keeps them apart', async () => {
    const files = await readSharedFiles(writeAwsFiles('[profile constructor]\nregion = a\n', '[ toString ]\nx = 1\n[profile valueOf]\ny = 2\n'));
    expect(files.configFile).toEqual({ constructor: { region: 'a' } });
    expect(Object.keys(files.credentialsFile)).toEqual([' toString ', 'profile.valueOf']);
  });

  it('accepts __proto__ shapes the SDK does not reject, without polluting prototypes', async () => {
    const files = await readSharedFiles(writeAwsFiles('[profile "__proto__"]\nregion = a\n[sso-session __proto__]\nx = 1\n[default]\n__proto__ = y\nregion = b\n'));
    expect(Object.getPrototypeOf(files.configFile)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(files.ssoSessions)).toBe(Object.prototype);
    expect(files.configFile).toEqual({ default: { region: 'b' } });
  });
});

describe('readSharedFiles: shapes, as the JS SDK sees them', () => {
  it('keeps nested s3 blocks as dotted keys of their profile, never as profiles', async () => {
    const files = await readSharedFiles(writeAwsFiles('[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n  max_concurrent_requests = 20\noutput = json\n'));
    expect(files.configFile).toEqual({ default: { region: 'us-east-1', 's3.addressing_style': 'path', 's3.max_concurrent_requests': '20', output: 'json' } });
  });

  it('splits [sso-session x] and [services x] off from the profiles', async () => {
    const config = '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n[services local]\ns3 =\n  endpoint_url = http://localhost:9000\n[profile dev]\nregion = eu-west-1\n';
    const files = await readSharedFiles(writeAwsFiles(config));
    expect(files.configFile).toEqual({ dev: { region: 'eu-west-1' } });
    expect(files.ssoSessions).toEqual({ corp: { sso_start_url: 'https://corp.awsapps.com/start', sso_region: 'eu-west-1' } });
    expect(files.services).toEqual({ local: { 's3.endpoint_url': 'http://localhost:9000' } });
  });

  it('keeps dotted profile names whole in both files', async () => {
    const files = await readSharedFiles(writeAwsFiles('[profile acme.prod.admin]\nregion = us-west-2\n', '[acme.dev]\naws_access_key_id = AKIAX\n'));
    expect(Object.keys(files.configFile)).toEqual(['acme.prod.admin']);
    expect(Object.keys(files.credentialsFile)).toEqual(['acme.dev']);
  });

  it('ignores config sections without the profile prefix, and names with spaces, like botocore', async () => {
    const files = await readSharedFiles(writeAwsFiles('[preview]\ncloudfront = true\n[profile a b]\nregion = x\n[profile "quoted"]\nregion = y\n'));
    expect(files.configFile).toEqual({ quoted: { region: 'y' } });
  });

  it('lower-cases key names (botocore does; the JS loader does not), never profile names', async () => {
    const files = await readSharedFiles(writeAwsFiles('[profile Admin]\nRole_ARN = arn:x\nSOURCE_PROFILE = Dev\n', '[Dev]\nAWS_Access_Key_Id = AKIAX\n'));
    expect(files.configFile).toEqual({ Admin: { role_arn: 'arn:x', source_profile: 'Dev' } });
    expect(files.credentialsFile).toEqual({ Dev: { aws_access_key_id: 'AKIAX' } });
  });

  it('reads CRLF files and files with a BOM', async () => {
    const files = await readSharedFiles(writeAwsFiles('\ufeff[default]\r\nregion = us-east-1\r\n', '[dev]\r\naws_access_key_id = AKIAX\r\n'));
    expect(files.configFile).toEqual({ default: { region: 'us-east-1' } });
    expect(files.credentialsFile).toEqual({ dev: { aws_access_key_id: 'AKIAX' } });
  });

  it('merges [default] and [profile default] in the config file', async () => {
    const files = await readSharedFiles(writeAwsFiles('[default]\nregion = a\n[profile default]\noutput = json\n'));
    expect(files.configFile.default).toMatchObject({ output: 'json' });
  });

  it('strips inline comments like the JS SDK, and reads fresh each time', async () => {
    const paths = writeAwsFiles('[default]\nregion = us-east-1 # home\n');
    expect((await readSharedFiles(paths)).configFile.default).toEqual({ region: 'us-east-1' });
    writeFileSync(paths.configFile, '[default]\nregion = eu-west-1\n');
    expect((await readSharedFiles(paths)).configFile.default).toEqual({ region: 'eu-west-1' });
  });
});

describe('readSharedFiles: warnings where the AWS CLI disagrees', () => {
  it('warns about a BOM, duplicate sections and keys, and inline comments, with lines', async () => {
    const config = '\ufeff[default]\nregion = a\nREGION = b\n[profile x]\nrole_arn = arn:aws:iam::123456789012:role/r ; prod\n[profile x]\noutput = json\n';
    const { warnings } = await readSharedFiles(writeAwsFiles(config), { warnings: true });
    expect(warnings!.map((w) => w.line)).toEqual([1, 3, 5, 6]);
    expect(warnings![0]!.message).toContain('byte-order mark');
    expect(warnings![1]!.message).toBe('The key "region" appears twice in one section (first on line 2): the AWS CLI refuses the whole file.');
    expect(warnings![2]!.message).toContain('"role_arn" has an inline comment');
    expect(warnings![3]!.message).toBe('Section [profile x] appears again (first on line 4): the AWS CLI refuses the whole file, the JS SDK merges both.');
  });

  it('warns that [profile x] in the credentials file is not profile x', async () => {
    const paths = writeAwsFiles(undefined, '[profile dev]\naws_access_key_id = AKIAX\naws_secret_access_key = s\n');
    const files = await readSharedFiles(paths, { warnings: true });
    expect(files.credentialsFile).toHaveProperty(['profile.dev']);
    expect(files.warnings).toEqual([
      { file: paths.credentialsFile, line: 1, message: expect.stringContaining('profile literally named "profile dev" for the AWS CLI (and "profile.dev" for the JS SDK)') },
    ]);
  });

  it('does not flag nested blocks, comments or clean files', async () => {
    const { warnings } = await readSharedFiles(writeAwsFiles('# c\n; c\n[default]\ns3 =\n  a = 1\n  a = 2\nregion = x\n[profile y]\nregion = a#b', '[a]\r\nx = 1\r\n'), { warnings: true });
    expect(warnings).toEqual([]);
  });

  it('reports nothing unless asked (listing does not pay for the extra pass)', async () => {
    const files = await readSharedFiles(writeAwsFiles('[default]\nregion = a\nregion = b\n'));
    expect(files.warnings).toBeUndefined();
  });

  it('counts lines in CRLF files and after non-ASCII text', async () => {
    const { warnings } = await readSharedFiles(writeAwsFiles('# Müller 🚀\r\n[default]\r\nregion = a\r\nregion = b\r\n'), { warnings: true });
    expect(warnings!.map((w) => w.line)).toEqual([4]);
  });
});
