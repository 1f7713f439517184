/** Renders `rolecall --help` and `rolecall <command> --help` from the option and help tables. */
import { COMMAND_NAMES, COMMAND_OPTIONS, type CommandName } from '../command-options';
import { COMMAND_HELP, type OptionHelp } from './command-help';

interface OptionLine {
  name: string;
  short?: string;
  /** A string option takes a value (`--target NAME`); a boolean one does not. */
  takesValue: boolean;
  help: OptionHelp;
}

/** A command's options in table order, with their help. */
export function optionsOf(command: CommandName): OptionLine[] {
  const parsed: Record<string, { type: string; short?: string }> = COMMAND_OPTIONS[command].options;
  const help: Record<string, OptionHelp> = COMMAND_HELP[command].options;
  return Object.entries(parsed).map(([name, o]) => ({ name, ...(o.short ? { short: o.short } : {}), takesValue: o.type === 'string', help: help[name]! }));
}

/** `rolecall switch <profile> [--target NAME] [--take-over] …` */
export function usageLine(command: CommandName): string {
  const flags = optionsOf(command).map((o) => `[--${o.name}${o.takesValue ? ` ${o.help.value ?? 'VALUE'}` : ''}]`);
  return ['rolecall', command, COMMAND_HELP[command].args, ...flags].filter(Boolean).join(' ');
}

export function commandHelp(command: CommandName): string {
  const h = COMMAND_HELP[command];
  const rows: Array<[string, string]> = optionsOf(command).map((o) => [`${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.takesValue ? ` ${o.help.value ?? 'VALUE'}` : ''}`, o.help.text]);
  rows.push(['-h, --help', 'show this help'], ['    --debug', 'show the underlying cause of an error']);
  return [
    `rolecall ${command} — ${h.summary}`,
    '',
    `Usage: ${usageLine(command)}`,
    ...(h.details?.length ? ['', ...h.details] : []),
    '',
    'Options:',
    ...columns(rows),
  ].join('\n');
}

export function globalHelp(): string {
  return [
    'rolecall — AWS credentials from your keychain, written to a named profile',
    '',
    'Usage: rolecall <command> [options]',
    '',
    'Commands:',
    ...columns(COMMAND_NAMES.map((c) => [c, COMMAND_HELP[c].summary])),
    '',
    'Run "rolecall <command> --help" for a command\'s options.',
    'Options: --debug (show underlying causes), -h/--help, -v/--version',
    'Exit codes: 0 ok, 1 error, 2 usage, 3 MFA code required, 4 keychain, 5 AWS refused, 6 network,',
    '            7 AWS files, 141 output pipe closed (as git)',
  ].join('\n');
}

function columns(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}
