/**
 * The shell completions, run by the shells themselves: bash (the script sourced, `_rolecall` called
 * with COMP_WORDS/COMP_CWORD, COMPREPLY read back), fish (`complete -C`) and zsh (an interactive
 * zsh under zsh/zpty, plus loading under compinit). Profile names come from temp AWS files
 * through AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, via the built CLI's `__complete profiles`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, COMMAND_OPTIONS, type CommandName } from '../../../electron/cli/command-options';
import { readSharedFiles } from '../../../electron/core/aws-files/read';
import { BIN, runCli } from '../../fixtures/cli-runner';
import { missing } from '../../fixtures/components';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Temp AWS files holding these profiles, and a PATH with `rolecall` on it (the built bin). */
function desk(config: string[], credentials: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'rolecall-complete-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'config'), config.map((n) => `${n === 'default' ? '[default]' : `[profile ${n}]`}\nregion = eu-west-1\n`).join('\n'));
  writeFileSync(join(dir, 'credentials'), credentials.map((n) => `[${n}]\naws_access_key_id = AKIAEXAMPLE\n`).join(''));
  symlinkSync(BIN, join(dir, 'rolecall'));
  const env = {
    PATH: `${dir}:${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    ROLECALL_HOME: join(dir, 'rolecall'),
  };
  return { dir, env };
}

async function script(shell: 'bash' | 'zsh' | 'fish', dir: string): Promise<string> {
  const r = await runCli(['completion', shell], { env: { PATH: process.env.PATH } });
  expect(r.code).toBe(0);
  const path = join(dir, `rolecall.${shell}`);
  writeFileSync(path, r.stdout);
  return path;
}

const optionsOf = (c: CommandName) => Object.entries(COMMAND_OPTIONS[c].options as Record<string, { short?: string }>).flatMap(([n, o]) => [`--${n}`, ...(o.short ? [`-${o.short}`] : [])]);

/** Runs `_rolecall` for each command line (the last word is the one completed) in one bash. */
function bashComplete(scriptPath: string, env: Record<string, string>, lines: string[][]): string[][] {
  const calls = lines.map((words) => `t ${words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ')}`).join('\n');
  const program = `source "$1"\nt() { COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _rolecall; printf '%s\\x1f' "\${COMPREPLY[@]}"; printf '\\n'; }\n${calls}\n`;
  const r = spawnSync('bash', ['--norc', '-c', program, 'bash', scriptPath], { env, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.split('\n').slice(0, lines.length).map((l) => l.split('\x1f').filter((w) => w !== '').sort());
}

const NAME = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.@+%:/-]{0,14}$/);
/** Names only the credentials file can hold, with characters bash would expand in a word list. */
const ODD_NAME = fc.stringMatching(/^[a-z][a-z0-9$*?{}~!-]{0,10}$/);

describe('bash completion', () => {
  it('completes commands, options, option values and profile names from the AWS files', async () => {
    const probe = desk([], []);
    const path = await script('bash', probe.dir);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(NAME, { maxLength: 8 }), fc.uniqueArray(ODD_NAME, { maxLength: 4 }), fc.constantFrom(...COMMAND_NAMES), fc.nat(3), async (config, odd, command, cut) => {
        const { env } = desk(config, odd);
        const files = await readSharedFiles({ configFile: env.AWS_CONFIG_FILE, credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE });
        const profiles = [...new Set([...Object.keys(files.configFile), ...Object.keys(files.credentialsFile)])];
        const prefixes = [...new Set(['', ...profiles.slice(0, 3).map((p) => p.slice(0, cut))])];
        const cases: Array<[string[], string[]]> = [
          [[BIN, command.slice(0, cut)], [...COMMAND_NAMES, '--help', '--version', '--debug'].filter((c) => c.startsWith(command.slice(0, cut)))],
          [[BIN, command, '-'], [...optionsOf(command), '-h', '--help', '--debug']],
          [[BIN, command, '--'], [...optionsOf(command), '--help', '--debug'].filter((o) => o.startsWith('--'))],
          ...prefixes.flatMap((p): Array<[string[], string[]]> => [
            [[BIN, 'switch', p], profiles.filter((n) => n.startsWith(p))],
            [[BIN, 'switch', 'admin', '--target', p], profiles.filter((n) => n.startsWith(p))],
            [[BIN, '--debug', 'credential-process', '--profile', p], profiles.filter((n) => n.startsWith(p))],
            [[BIN, 'login', '--region', p], []],
            [[BIN, 'switch', '--mfa', p], []],
          ]),
          [[BIN, 'completion', ''], ['bash', 'zsh', 'fish']],
          [[BIN, 'help', 'si'], ['signout']],
        ];
        const got = bashComplete(path, env, cases.map(([words]) => words));
        cases.forEach(([words, want], i) => expect(got[i], words.slice(1).join(' ')).toEqual([...want].sort()));
      }),
      { numRuns: 8 },
    );
  });
});

describe.skipIf(missing('fish'))('fish completion', () => {
  it('completes what fish is asked with complete -C', async () => {
    const { dir, env } = desk(['default', 'admin', 'admin-ro', 'readonly'], ['dev', 'work.eu']);
    const path = await script('fish', dir);
    const complete = (line: string) => {
      const r = spawnSync('fish', ['--no-config', '-c', `source ${path}; complete -C '${line}'`], { env, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]).sort();
    };
    expect(complete('rolecall sw')).toEqual(['switch']);
    expect(complete('rolecall setup')).toEqual(['setup-credential-process']);
    expect(complete('rolecall switch ad')).toEqual(['admin', 'admin-ro']);
    expect(complete('rolecall switch --target w')).toEqual(['work.eu']);
    expect(complete('rolecall credential-process --profile d')).toEqual(['default', 'dev']);
    expect(complete('rolecall switch --t')).toEqual(['--take-over', '--target']);
    expect(complete('rolecall remove -')).toEqual(expect.arrayContaining(['--yes', '-y', '--help', '--debug']));
    expect(complete('rolecall completion ')).toEqual(['bash', 'fish', 'zsh']);
  });
});

describe.skipIf(missing('zsh'))('zsh completion', () => {
  it('completes what an interactive zsh offers on Tab (driven under zsh/zpty)', async () => {
    const { dir, env } = desk(['default', 'admin', 'admin-ro', 'readonly'], ['dev', 'work.eu']);
    const path = await script('zsh', dir);
    const complete = (line: string) => {
      const r = spawnSync('zsh', ['-f', resolve('test/fixtures/zsh-capture.zsh'), path, line], { env, encoding: 'utf8', timeout: 30_000 });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.split('\n').filter(Boolean).sort();
    };
    expect(complete('rolecall sw')).toEqual(['switch']);
    expect(complete('rolecall s')).toEqual(['setup-credential-process', 'signout', 'sso', 'status', 'switch']);
    expect(complete('rolecall switch ad')).toEqual(['admin', 'admin-ro']);
    expect(complete('rolecall switch --target w')).toEqual(['work.eu']);
    expect(complete('rolecall credential-process --profile d')).toEqual(['default', 'dev']);
    expect(complete('rolecall switch --t')).toEqual(['--take-over', '--target']);
    expect(complete('rolecall remove -')).toEqual(['--debug', '--help', '--yes', '-h', '-y']);
    expect(complete('rolecall completion ')).toEqual(['bash', 'fish', 'zsh']);
  });

  it('parses, and loads under compinit (eval and $fpath forms)', async () => {
    const { dir, env } = desk(['admin'], []);
    const path = await script('zsh', dir);
    expect(spawnSync('zsh', ['-n', path], { encoding: 'utf8' }).status).toBe(0);
    const evalForm = spawnSync('zsh', ['-f', '-c', `autoload -Uz compinit && compinit -u -D && eval "$(rolecall completion zsh)" && print -r -- $_comps[rolecall]`], { env, encoding: 'utf8' });
    expect(evalForm.stderr).toBe('');
    expect(evalForm.stdout.trim()).toBe('_rolecall');
    const fpathDir = join(dir, 'site-functions');
    spawnSync('mkdir', [fpathDir]);
    writeFileSync(join(fpathDir, '_rolecall'), (await runCli(['completion', 'zsh'], { env })).stdout);
    const fpathForm = spawnSync('zsh', ['-f', '-c', `fpath=(${fpathDir} $fpath); autoload -Uz compinit && compinit -u -D && print -r -- $_comps[rolecall]`], { env, encoding: 'utf8' });
    expect(fpathForm.stdout.trim()).toBe('_rolecall');
  });
});

describe('rolecall __complete profiles', () => {
  it('prints nothing and exits 0 when the files are unreadable or missing', async () => {
    const { env, dir } = desk([], []);
    writeFileSync(join(dir, 'config'), '[profile __proto__]\nx = 1\n');
    for (const e of [env, { ...env, AWS_CONFIG_FILE: join(dir, 'missing') }]) {
      const r = await runCli(['__complete', 'profiles'], { env: e });
      expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    }
  });
});
