/**
 * The symlink-into-git check against real symlinks and real `git init` trees (git's own `.git`
 * directory, and the `.git` file `git worktree add` leaves), at every depth below the tree's root.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../../electron/core/doctor';
import { checkSymlinkedIntoGit } from '../../../electron/core/doctor/symlink-check';
import { createDesk } from './desk';

const roots: string[] = [];
function tempRoot(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'rolecall-symlink-')));
  roots.push(root);
  return root;
}
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'ignore', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd } });

/** A home whose ~/.aws/credentials and config are symlinks to `credentialsTarget` / `configTarget`. */
function linkedHome(root: string, credentialsTarget: string, configTarget?: string) {
  const aws = join(root, 'home', '.aws');
  mkdirSync(aws, { recursive: true });
  const paths = { credentialsFile: join(aws, 'credentials'), configFile: join(aws, 'config') };
  symlinkSync(credentialsTarget, paths.credentialsFile);
  if (configTarget) symlinkSync(configTarget, paths.configFile);
  else writeFileSync(paths.configFile, '[default]\n', { mode: 0o600 });
  return paths;
}

function fileAt(dir: string, name = 'credentials'): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, '[dev]\naws_access_key_id = AKIAEXAMPLE\n', { mode: 0o600 });
  return file;
}

describe('checkSymlinkedIntoGit', () => {
  it('warns, naming the tree and both ways out, for a target at any depth of a git init tree', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('dotfiles', 'aws', 'a b', 'x.y'), { maxLength: 3 }), async (subdirs) => {
        const root = tempRoot();
        const repo = join(root, 'repo');
        mkdirSync(repo);
        git(repo, 'init', '-q');
        const target = fileAt(join(repo, ...subdirs));
        const checks = await checkSymlinkedIntoGit(linkedHome(root, target));
        expect(checks).toHaveLength(1);
        const [check] = checks;
        expect(check).toMatchObject({ id: 'symlink-git:credentials', status: 'warn' });
        expect(check!.message).toContain(`inside the git working tree ${repo}`);
        expect(check!.fix).toContain(join(repo, '.gitignore'));
        expect(check!.fix).toMatch(/^Move it out of the repository/);
      }),
      { numRuns: 8 },
    );
  });

  it('finds the .git file of a linked worktree, and follows a chain of links', async () => {
    const root = tempRoot();
    const repo = join(root, 'repo');
    mkdirSync(repo);
    git(repo, 'init', '-q');
    git(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'init');
    const worktree = join(root, 'wt');
    git(repo, 'worktree', 'add', '-q', worktree);
    const target = fileAt(join(worktree, 'aws'), 'config');
    // config → a link outside any tree → the file inside the worktree
    const hop = join(root, 'hop');
    symlinkSync(target, hop);
    const checks = await checkSymlinkedIntoGit(linkedHome(root, fileAt(join(root, 'plain')), hop));
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['symlink-git:credentials', 'ok'],
      ['symlink-git:config', 'warn'],
    ]);
    expect(checks[1]!.message).toContain(`inside the git working tree ${worktree}`);
  });

  it('is quiet about regular files, ok for a link outside git, and warns with a next step for a dangling link', async () => {
    const root = tempRoot();
    const d = createDesk({ credentials: '[dev]\n', config: '[default]\n' });
    roots.push(d.home);
    expect(await checkSymlinkedIntoGit(d.deps().paths)).toEqual([]);
    const checks = await checkSymlinkedIntoGit(linkedHome(root, join(root, 'gone')));
    expect(checks).toEqual([{ id: 'symlink-git:credentials', status: 'warn', message: expect.stringContaining('cannot be followed (ENOENT)'), fix: expect.stringContaining('Point') }]);
  });

  it('reaches `rolecall doctor`: runDoctor reports the linked credentials file', async () => {
    const root = tempRoot();
    const repo = join(root, 'dotfiles');
    mkdirSync(repo);
    git(repo, 'init', '-q');
    const d = createDesk({ config: '[default]\nregion = eu-west-1\n' });
    roots.push(d.home);
    const deps = d.deps();
    symlinkSync(fileAt(join(repo, 'aws')), deps.paths.credentialsFile);
    const checks = await runDoctor({ ...deps, skipClock: true });
    expect(checks.find((c) => c.id === 'symlink-git:credentials')).toMatchObject({ status: 'warn', message: expect.stringContaining(repo) });
  });
});
