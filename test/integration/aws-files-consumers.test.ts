/**
 * The real consumers read what the writer wrote: the AWS CLI (`/usr/bin/aws configure list`), boto3
 * and the JS SDK's `fromIni` load exactly our keys from a CRLF file full of comments and other
 * sections; and botocore itself re-parses a batch of generated files after upsert and remove, seeing
 * our keys and every other section unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { fromIni } from '@aws-sdk/credential-providers';
import { AWS_CLI, PYTHON, missing } from '../fixtures/components';
import { upsertSection } from '../../electron/core/aws-files/section-writer';
import { removeSectionText, upsertSectionText } from '../../electron/core/aws-files/section-text';
import { formatMarker } from '../../electron/core/aws-files/marker';
import { generatedFile } from '../fixtures/aws-files/generated-files';

const KEYS = {
  aws_access_key_id: 'ASIAZXCVBNMASDFGHJKL',
  aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCY=EXAMPLEKEY',
  aws_session_token: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+example==',
};
const MARKER = { expiresAt: new Date('2026-11-22T20:00:00Z'), source: 'admin' };
const USER_FILE = [
  '# My credentials — hand-written, keep this comment',
  '; another comment style',
  '',
  '[default]',
  'aws_access_key_id = AKIADEFAULTDEFAULT00',
  'aws_secret_access_key = defaultsecret',
  '',
  '# work account, managed by another tool',
  '[profile acme.prod]',
  'aws_access_key_id = AKIAACMEACMEACME0000',
  'aws_secret_access_key = acmesecret',
  's3 =',
  '  max_concurrent_requests = 10',
  '',
  '[team.dev]',
  '# taken over below: the stale token must not win in botocore',
  'aws_access_key_id = AKIAOLDOLDOLDOLD0000',
  'aws_secret_access_key = old',
  'aws_security_token = stale-token',
  '',
  '; trailing comment, no final newline',
].join('\r\n');

let dir: string;
let env: NodeJS.ProcessEnv;
let creds: string;
let config: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolecall-consumers-'));
  creds = join(dir, 'credentials');
  config = join(dir, 'config');
  writeFileSync(config, '[profile team.dev]\nregion = eu-west-1\n');
  env = {
    PATH: process.env.PATH,
    HOME: dir,
    LC_ALL: 'C.UTF-8',
    PYTHONUTF8: '1',
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: creds,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const botoCredentials = (profile: string): unknown =>
  JSON.parse(
    execFileSync(
      PYTHON,
      ['-c', 'import boto3,json,sys; c=boto3.Session(profile_name=sys.argv[1]).get_credentials(); f=c.get_frozen_credentials(); print(json.dumps([f.access_key,f.secret_key,f.token,c.method]))', profile],
      { env, encoding: 'utf8' },
    ),
  );

describe.skipIf(missing('aws-cli', 'boto3'))('real consumers of the written credentials', () => {
  for (const target of ['rolecall-session', 'team.dev']) {
    it(`AWS CLI, boto3 and fromIni read exactly our keys for [${target}] in a CRLF file with comments`, async () => {
      writeFileSync(creds, USER_FILE);
      await upsertSection(creds, target, KEYS, MARKER, { configFile: config, takeOver: true });

      const list = execFileSync(AWS_CLI, ['configure', 'list', '--profile', target], { env, encoding: 'utf8' });
      expect(list).toMatch(new RegExp(`access_key\\s+\\*+${KEYS.aws_access_key_id.slice(-4)}\\s+shared-credentials-file`));
      expect(list).toMatch(new RegExp(`secret_key\\s+\\*+${KEYS.aws_secret_access_key.slice(-4)}\\s+shared-credentials-file`));

      expect(botoCredentials(target)).toEqual([KEYS.aws_access_key_id, KEYS.aws_secret_access_key, KEYS.aws_session_token, 'shared-credentials-file']);

      const js = await fromIni({ profile: target, filepath: creds, configFilepath: config, ignoreCache: true })();
      expect([js.accessKeyId, js.secretAccessKey, js.sessionToken]).toEqual([KEYS.aws_access_key_id, KEYS.aws_secret_access_key, KEYS.aws_session_token]);

      // The user's other profiles still work for every consumer.
      expect(botoCredentials('default')).toEqual(['AKIADEFAULTDEFAULT00', 'defaultsecret', null, 'shared-credentials-file']);
    });
  }

  it('botocore re-parses generated files after upsert and remove: our keys in, every other section unchanged', () => {
    const body = [formatMarker(MARKER), ...Object.entries(KEYS).map(([k, v]) => `${k} = ${v}`)];
    // botocore cannot read a file with a BOM at all (it is not whitespace to Python): those are left
    // to the JS SDK property test. Orphan keys before the first header are a botocore error too.
    const files = fc.sample(generatedFile, 600).filter((f) => !f.text.startsWith('\uFEFF') && !f.text.includes('orphan')).slice(0, 200);
    const cases = files.map((f) => ({
      target: f.targetName,
      original: f.text,
      updated: upsertSectionText(f.text, f.targetName, body),
      removed: removeSectionText(f.text, f.targetName),
    }));
    const input = join(dir, 'cases.json');
    writeFileSync(input, JSON.stringify(cases));
    const script = `
import json, sys, os, tempfile
from botocore.configloader import raw_config_parse
def parse(text):
    fd, path = tempfile.mkstemp()
    with os.fdopen(fd, 'w', encoding='utf-8', newline='') as f:
        f.write(text)
    try:
        return raw_config_parse(path)
    finally:
        os.unlink(path)
def norm(name):
    return ' '.join(name.split())
out = []
for c in json.load(open(sys.argv[1], encoding='utf-8')):
    o, u, r = parse(c['original']), parse(c['updated']), parse(c['removed'])
    strip = lambda d: {k: v for k, v in d.items() if norm(k) != c['target']}
    out.append({'ours': u.get(c['target']), 'same': strip(o) == strip(u) == r})
print(json.dumps(out))
`;
    const results = JSON.parse(execFileSync(PYTHON, ['-c', script, input], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as Array<{ ours: unknown; same: boolean }>;
    expect(results.length).toBeGreaterThanOrEqual(150);
    for (const r of results) expect(r).toEqual({ ours: KEYS, same: true });
  });
});
