/**
 * What each `rolecall` command accepts, as `node:util` parseArgs configs: the one list every command
 * parses with. Its help texts live in help/command-help.ts, typed against this table so that an
 * option without a help line (or a help line for an option that does not parse) fails to compile.
 * Kept tiny: `credential-process` loads it on its fast path, the help texts never.
 */
import { parseArgs } from 'node:util';

export const COMMAND_OPTIONS = {
  add: {
    allowPositionals: true,
    options: {
      'mfa-serial': { type: 'string' },
      'no-verify': { type: 'boolean' },
      force: { type: 'boolean' },
      'write-config': { type: 'boolean' },
      region: { type: 'string' },
    },
  },
  import: { allowPositionals: true, options: { scrub: { type: 'boolean' }, json: { type: 'boolean' } } },
  remove: { allowPositionals: true, options: { yes: { type: 'boolean', short: 'y' } } },
  rotate: { allowPositionals: true, options: { mfa: { type: 'string' }, yes: { type: 'boolean', short: 'y' } } },
  list: { allowPositionals: false, options: { json: { type: 'boolean' } } },
  switch: {
    allowPositionals: true,
    options: { target: { type: 'string' }, 'take-over': { type: 'boolean' }, mfa: { type: 'string' }, duration: { type: 'string' }, for: { type: 'string' }, json: { type: 'boolean' } },
  },
  exec: {
    allowPositionals: true,
    options: {
      mfa: { type: 'string' },
      duration: { type: 'string' },
      json: { type: 'boolean' },
      force: { type: 'boolean' },
      server: { type: 'boolean' },
      listen: { type: 'string' },
      'no-session': { type: 'boolean' },
    },
  },
  env: {
    allowPositionals: true,
    options: { format: { type: 'string' }, mfa: { type: 'string' }, duration: { type: 'string' }, force: { type: 'boolean' }, 'no-session': { type: 'boolean' } },
  },
  status: { allowPositionals: false, options: { json: { type: 'boolean' } } },
  agent: { allowPositionals: false, options: {} },
  signout: { allowPositionals: true, options: { all: { type: 'boolean' }, 'no-fallback': { type: 'boolean' }, mfa: { type: 'string' }, json: { type: 'boolean' } } },
  extend: { allowPositionals: true, options: { for: { type: 'string' }, json: { type: 'boolean' } } },
  'credential-process': { allowPositionals: false, options: { profile: { type: 'string' } } },
  login: {
    allowPositionals: true,
    options: { region: { type: 'string' }, path: { type: 'string' }, stdout: { type: 'boolean' }, federation: { type: 'boolean' } },
  },
  'setup-credential-process': { allowPositionals: true, options: { as: { type: 'string' }, 'take-over': { type: 'boolean' } } },
  doctor: {
    allowPositionals: false,
    options: { json: { type: 'boolean' }, 'fix-bom': { type: 'boolean' }, 'clean-backups': { type: 'boolean' }, yes: { type: 'boolean', short: 'y' } },
  },
  sso: {
    allowPositionals: true,
    options: {
      'device-code': { type: 'boolean' },
      'no-browser': { type: 'boolean' },
      json: { type: 'boolean' },
      prefix: { type: 'string' },
      print: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
    },
  },
  completion: { allowPositionals: true, options: {} },
  help: { allowPositionals: true, options: {} },
} as const satisfies Record<string, { allowPositionals: boolean; options: Record<string, { type: 'string' | 'boolean'; short?: string }> }>;

export type CommandName = keyof typeof COMMAND_OPTIONS;

export const COMMAND_NAMES = Object.keys(COMMAND_OPTIONS) as CommandName[];

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMAND_OPTIONS, name);
}

/** Spread into parseArgs: `parseArgs({ args: ctx.args, ...syntaxOf('switch') })`. */
export function syntaxOf<C extends CommandName>(command: C): (typeof COMMAND_OPTIONS)[C] {
  return COMMAND_OPTIONS[command];
}

/**
 * True when the command line asks for help: `--help` or `-h` as an option, read the way parseArgs
 * reads it (not the value of a string option such as `--target -h`, not after `--`).
 */
export function asksForHelp(command: CommandName, args: readonly string[]): boolean {
  const { tokens } = parseArgs({
    args: [...args],
    options: { ...COMMAND_OPTIONS[command].options, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  return tokens.some((t) => t.kind === 'option' && t.name === 'help');
}
