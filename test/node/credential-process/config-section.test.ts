import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { credentialProcessConfigSection, quoteArg } from '../../../electron/core/credential-process/config-section';
import { isRolecallError } from '../../../electron/core/errors';
import { missing, PYTHON } from '../../fixtures/components';
import { tempAppDir } from './helpers';

function valueOf(lines: string[]): string {
  expect(lines).toHaveLength(1);
  return lines[0]!.replace(/^credential_process = /, '');
}

/** botocore's own splitters (`compat_shell_split` for the given platform), all values in one python run. */
function botocoreSplit(platform: 'linux' | 'win32', values: string[]): string[][] {
  const code = 'import sys,json; from awscli.botocore.compat import compat_shell_split as s; print(json.dumps([s(v, sys.argv[1]) for v in sys.argv[2:]]))';
  const r = spawnSync(PYTHON, ['-c', code, platform, ...values], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as string[][];
}

const nasty = ['/opt/My Apps/rolecall', "/home/o'neil/bin/rolecall", '/tmp/$HOME/`x`/a\\b"c!d', '/plain/path'];

describe('credentialProcessConfigSection', () => {
  it('writes a profile section with one credential_process line', () => {
    expect(credentialProcessConfigSection('admin', ['/usr/bin/node', '/opt/rolecall/bin/rolecall.cjs'], { platform: 'linux' })).toEqual({
      section: 'profile admin',
      lines: ['credential_process = "/usr/bin/node" "/opt/rolecall/bin/rolecall.cjs" credential-process --profile admin'],
    });
    expect(credentialProcessConfigSection('admin', '/usr/local/bin/rolecall', { as: 'default', platform: 'linux' }).section).toBe('default');
    expect(credentialProcessConfigSection('admin', '/x', { as: 'admin-cli', platform: 'linux' }).section).toBe('profile admin-cli');
  });

  it.each(['my profile', "o'brien", 'a"b', 'back\\slash'])('refuses to name the config section after %j: botocore would not read [profile …] back as that profile', (name) => {
    expect(() => credentialProcessConfigSection(name, '/x', { platform: 'linux' })).toThrow(/cannot be written to the AWS config file as a profile/);
    expect(credentialProcessConfigSection(name, '/x', { as: 'plain', platform: 'linux' }).section).toBe('profile plain');
  });

  it.skipIf(missing('aws-cli', 'boto3'))('botocore splits it back into the same argv on Unix (shlex) and Windows', () => {
    const unix = botocoreSplit('linux', nasty.map((path) => valueOf(credentialProcessConfigSection('my profile', ['/usr/bin/node', path], { as: 'my-profile', platform: 'linux' }).lines)));
    expect(unix).toEqual(nasty.map((path) => ['/usr/bin/node', path, 'credential-process', '--profile', 'my profile']));
    const winPaths = ['C:\\Program Files\\nodejs\\node.exe', "C:\\Users\\o'neil\\rolecall.cmd", 'C:\\dir with space\\'];
    const win = botocoreSplit('win32', winPaths.map((path) => valueOf(credentialProcessConfigSection('admin', [path], { platform: 'win32' }).lines)));
    expect(win).toEqual(winPaths.map((path) => [path, 'credential-process', '--profile', 'admin']));
  });

  it.skipIf(process.platform === 'win32')('a real /bin/sh (the JS SDK uses exec) runs it with the same argv, paths with spaces and quotes included', async () => {
    const tmp = await tempAppDir();
    try {
      const dir = join(tmp.dir, "we'ird $dir `x` \\ \"q\" !");
      await mkdir(dir, { recursive: true });
      const node = join(dir, 'no de');
      await symlink(process.execPath, node);
      const script = join(dir, 'print argv.js');
      await writeFile(script, 'console.log(JSON.stringify(process.argv.slice(2)))');
      const value = valueOf(credentialProcessConfigSection("o'brien prod", [node, script], { as: 'obrien-prod', platform: 'linux' }).lines);
      const r = spawnSync('/bin/sh', ['-c', value], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(['credential-process', '--profile', "o'brien prod"]);
    } finally {
      await tmp.cleanup();
    }
  });

  it('refuses what cannot be written safely', () => {
    const attempts: Array<() => unknown> = [
      () => credentialProcessConfigSection('admin', ['/opt/x #1/rolecall'], { platform: 'linux' }),
      () => credentialProcessConfigSection('admin', ['/opt/a ;b'], { platform: 'linux' }),
      () => credentialProcessConfigSection('admin', ['/opt/a\nb'], { platform: 'linux' }),
      () => credentialProcessConfigSection('admin', [], { platform: 'linux' }),
      () => credentialProcessConfigSection('admin', ['C:\\100%\\rolecall.exe'], { platform: 'win32' }),
      () => credentialProcessConfigSection('admin', ['/x'], { as: 'bad]name', platform: 'linux' }),
      () => quoteArg('', 'linux'),
    ];
    for (const attempt of attempts) {
      let err: unknown;
      try {
        attempt();
      } catch (e) {
        err = e;
      }
      expect(isRolecallError(err) && err.code).toBe('InvalidInput');
    }
  });
});
