/**
 * Every command explains itself: `rolecall <command> --help` / `-h` prints that command's usage and
 * exits 0, listing every option the command parses (one table drives both) and every option the
 * README shows for it. Runs the built CLI (`npm run build`).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, COMMAND_OPTIONS, asksForHelp, type CommandName } from '../../../electron/cli/command-options';
import { COMMAND_HELP } from '../../../electron/cli/help/command-help';
import { runCli } from '../../fixtures/cli-runner';

/** No AWS files, no keychain, no app: help must need none of them. */
const ENV = { PATH: process.env.PATH, HOME: '/nonexistent', AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials', ROLECALL_HOME: '/nonexistent/rolecall' };

const optionNames = (c: CommandName) => Object.keys(COMMAND_OPTIONS[c].options);

describe('rolecall <command> --help', () => {
  it.each(COMMAND_NAMES.flatMap((c) => [[c, '--help'], [c, '-h']] as const))('%s %s prints its usage with every option and exits 0', async (command, flag) => {
    const r = await runCli([command, flag], { env: ENV });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^rolecall ${command} — `));
    expect(r.stdout).toContain(`Usage: rolecall ${command}`);
    for (const name of optionNames(command)) expect(r.stdout, `--${name}`).toMatch(new RegExp(`--${name}\\b`));
    for (const [name, o] of Object.entries(COMMAND_OPTIONS[command].options as Record<string, { short?: string }>)) {
      if (o.short) expect(r.stdout, name).toContain(`-${o.short}, --${name}`);
    }
  });

  it('answers help wherever it stands, before the command does anything', async () => {
    // these would otherwise fail for the missing AWS files (7), keychain (4) or confirmation (2)
    for (const args of [['switch', 'admin', '--target', 'work', '--help'], ['remove', 'dev', '-h'], ['signout', '--all', '--help'], ['add', 'dev', '--force', '-h']]) {
      const r = await runCli(args, { env: ENV, input: 'AKIAX\nsecret\n' });
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toContain(`Usage: rolecall ${args[0]}`);
    }
  });

  it('rolecall help <command> is the same text, and rolecall --help names every command', async () => {
    expect((await runCli(['help', 'login'], { env: ENV })).stdout).toBe((await runCli(['login', '--help'], { env: ENV })).stdout);
    const all = await runCli(['--help'], { env: ENV });
    expect(all.code).toBe(0);
    for (const c of COMMAND_NAMES) expect(all.stdout).toMatch(new RegExp(`^  ${c} +${COMMAND_HELP[c].summary.replace(/[()]/g, '\\$&')}$`, 'm'));
  });

  it('still refuses options a command does not take (exit 2, one line)', async () => {
    const r = await runCli(['login', 'admin', '--bogus'], { env: ENV });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rolecall: Unknown option '--bogus'/);
  });

  it('lists every option the README shows for a command', () => {
    const readme = readFileSync('README.md', 'utf8');
    // command lines in ```sh blocks and in `inline code`, each up to its comment
    const fenced = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n'));
    const inline = [...readme.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
    const shown = [...fenced, ...inline].flatMap((text) => [...text.replace(/\s#.*$/, '').matchAll(/rolecall ([a-z][a-z-]*)((?:(?!rolecall )[^\n])*)/g)]);
    expect(shown.length).toBeGreaterThan(10);
    for (const [, command, rest] of shown) {
      expect(COMMAND_NAMES, command).toContain(command);
      for (const [, option] of rest!.matchAll(/--([a-z][a-z-]*)/g)) expect([...optionNames(command as CommandName), 'help', 'debug'], `${command} --${option}`).toContain(option);
    }
  });
});

describe('one table for parsing and help', () => {
  it('gives every parsed option a help line and no help line to an option that does not parse', () => {
    for (const c of COMMAND_NAMES) expect(Object.keys(COMMAND_HELP[c].options).sort(), c).toEqual(optionNames(c).sort());
  });

  it('is what every parseArgs call in the CLI parses with', () => {
    const files = walk('electron/cli').filter((f) => f.endsWith('.ts'));
    let calls = 0;
    // command-options.ts holds the table and its own help scan; every other call must use the table
    for (const file of files.filter((f) => !f.endsWith('command-options.ts'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/parseArgs\(\{([^}]*)\}\)/g)) {
        calls++;
        expect(m[1], file).toMatch(/^ args: ctx\.args, \.\.\.syntaxOf\('[a-z-]+'\) $/);
      }
      expect(text, file).not.toMatch(/parseArgs\(\{\s*\n/); // a multi-line call with its own options
    }
    expect(calls).toBeGreaterThanOrEqual(COMMAND_NAMES.length);
  });

  it('reads --help/-h as help only where parseArgs would read it as an option', () => {
    const word = fc.constantFrom('admin', 'work', 'x', '--json', '--take-over', '--target', '--mfa', '123456');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), fc.nat(6), fc.constantFrom('--help', '-h'), (args, at, flag) => {
        const plain = args.filter((a) => a !== '--target' && a !== '--mfa');
        expect(asksForHelp('switch', plain)).toBe(false);
        const i = Math.min(at, plain.length);
        expect(asksForHelp('switch', [...plain.slice(0, i), flag, ...plain.slice(i)])).toBe(true);
        // as the value of a string option, or after `--`, it is not a request for help
        expect(asksForHelp('switch', [...plain, '--target', flag])).toBe(false);
        expect(asksForHelp('switch', [...plain, '--', flag])).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
