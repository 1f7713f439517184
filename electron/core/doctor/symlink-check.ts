/**
 * A credentials or config file that is a symlink into a git working tree (a dotfiles repository, a
 * project folder) is one `git add -A` and `git push` away from publishing every key and session
 * token in it. The link itself is fine; where it points is the risk, so the check resolves the link
 * and looks for a `.git` directory or file (worktrees and submodules use a file) in any parent.
 */
import { lstat, realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AwsPaths } from '../aws-files/paths';
import type { DoctorCheck } from './types';
import { shellQuote } from './file-checks';

/** The nearest folder at or above `dir` that holds `.git` (directory or file), or undefined. */
export async function gitWorkTreeOf(dir: string): Promise<string | undefined> {
  for (let current = dir; ; current = dirname(current)) {
    const found = await stat(join(current, '.git')).then(
      () => true,
      () => false,
    );
    if (found) return current;
    if (dirname(current) === current) return undefined;
  }
}

/** Reports on each of the two files that is a symlink: warn when it resolves into a git working tree. */
export async function checkSymlinkedIntoGit(paths: AwsPaths): Promise<DoctorCheck[]> {
  const files: Array<['config' | 'credentials', string]> = [
    ['credentials', paths.credentialsFile],
    ['config', paths.configFile],
  ];
  const out: DoctorCheck[] = [];
  for (const [kind, file] of files) {
    const id = `symlink-git:${kind}`;
    const isLink = await lstat(file).then(
      (s) => s.isSymbolicLink(),
      () => false,
    );
    // a regular (or missing) file: nothing to report, the mode check speaks for it
    if (!isLink) continue;
    let target: string;
    try {
      target = await realpath(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      out.push({ id, status: 'warn', message: `${file} is a symlink that cannot be followed (${code}).`, fix: `Point ${file} at a file that exists, or replace the link with a regular file.` });
      continue;
    }
    const tree = await gitWorkTreeOf(dirname(target));
    if (tree === undefined) {
      out.push({ id, status: 'ok', message: `${file} is a symlink to ${target}, outside any git working tree.` });
      continue;
    }
    out.push({
      id,
      status: 'warn',
      message: `${file} is a symlink to ${target}, inside the git working tree ${tree}: a commit there would publish ${kind === 'credentials' ? 'your keys and session tokens' : 'whatever keys the file holds'}.`,
      fix: `Move it out of the repository: rm ${shellQuote(file)} && mv ${shellQuote(target)} ${shellQuote(file)}. Or, to keep it there, add it to ${join(tree, '.gitignore')} and make sure it was never committed (git -C ${shellQuote(tree)} log --all -- ${shellQuote(target)}).`,
    });
  }
  return out;
}
