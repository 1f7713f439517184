import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findNodeOnPath, requireNodeOnPath } from '../../../electron/core/credential-process/find-node';
import { setupCredentialProcessProfile } from '../../../electron/core/credential-process/setup';

let dir: string;
const cwd = process.cwd();
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolecall-find-node-'));
});
afterEach(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

function fakeNode(sub: string, name = 'node', mode = 0o755): string {
  mkdirSync(join(dir, sub), { recursive: true });
  const path = join(dir, sub, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, mode);
  return path;
}

describe('the node a credential_process line names', () => {
  it('is the first absolute, executable node on PATH; relative and empty entries (the cwd) never count', () => {
    const good = fakeNode('good');
    fakeNode('not-executable', 'node', 0o644);
    mkdirSync(join(dir, 'dir-named-node', 'node'), { recursive: true });
    const pathValue = ['', '.', 'relative/bin', join(dir, 'missing'), join(dir, 'not-executable'), join(dir, 'dir-named-node'), join(dir, 'good')].join(':');
    expect(findNodeOnPath({ env: { PATH: pathValue }, platform: 'linux', extraDirs: [] })).toBe(good);
  });

  it('never picks a node reachable only through a relative PATH entry, whatever the order', () => {
    process.chdir(dir); // so the relative entries really lead to a node
    fakeNode('cwd-bin');
    const absolute = fakeNode('abs');
    const entries = ['', '.', 'cwd-bin', './cwd-bin', join(dir, 'abs')];
    fc.assert(
      fc.property(fc.shuffledSubarray(entries, { minLength: 1 }), (picked) => {
        const found = findNodeOnPath({ env: { PATH: picked.join(':') }, platform: 'linux', extraDirs: [] });
        expect(found).toBe(picked.includes(join(dir, 'abs')) ? absolute : undefined);
      }),
    );
  });

  it('falls back to the installers’ usual folders for a desktop-started app, and says what to do when there is none', () => {
    const extra = fakeNode('homebrew');
    expect(findNodeOnPath({ env: { PATH: '/nonexistent' }, platform: 'linux', extraDirs: [join(dir, 'homebrew')] })).toBe(extra);
    expect(() => requireNodeOnPath({ env: { PATH: '' }, platform: 'linux', extraDirs: [] })).toThrow(/no Node\.js was found on PATH/);
  });

  it('setup-credential-process refuses a command that does not start with an absolute path', async () => {
    const configFile = join(dir, 'config');
    const commands = [...['node', 'node.exe', './node', 'bin/node'].map((p) => [p, '/opt/rolecall/bin/rolecall.cjs']), 'node /opt/rolecall.cjs', '"node" x', '  rolecall credential-process'];
    for (const command of commands) {
      await expect(setupCredentialProcessProfile({ configFile, profile: 'admin', command })).rejects.toMatchObject({
        code: 'InvalidInput',
        message: expect.stringContaining('absolute path'),
      });
    }
  });
});
