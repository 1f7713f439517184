/**
 * What the shell completions know, taken from the option and help tables so that they offer
 * exactly the commands and options that parse. Profile names are not baked in: the scripts ask
 * `rolecall __complete profiles` each time, so they follow the AWS files as they change.
 */
import { COMMAND_NAMES, type CommandName } from '../command-options';
import { COMMAND_HELP, type Completes } from '../help/command-help';
import { optionsOf } from '../help/render';

export interface CompletionOption {
  /** `--target` */
  flag: string;
  /** `-y`, when the option has one */
  short?: string;
  takesValue: boolean;
  completes?: Completes;
  text: string;
}

export interface CompletionCommand {
  name: CommandName;
  summary: string;
  completes?: Completes;
  options: CompletionOption[];
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Shared by every command: parsed by main.ts before the command's own options. */
const COMMON: CompletionOption[] = [
  { flag: '--help', short: '-h', takesValue: false, text: 'show this command\'s help' },
  { flag: '--debug', takesValue: false, text: 'show the underlying cause of an error' },
];

export function completionModel(): CompletionCommand[] {
  return COMMAND_NAMES.map((name) => {
    const h = COMMAND_HELP[name];
    const options = optionsOf(name).map((o) => ({
      flag: `--${o.name}`,
      ...(o.short ? { short: `-${o.short}` } : {}),
      takesValue: o.takesValue,
      ...(o.help.completes ? { completes: o.help.completes } : {}),
      text: o.help.text,
    }));
    return { name, summary: h.summary, ...(h.completes ? { completes: h.completes } : {}), options: [...options, ...COMMON] };
  });
}

/** The words a positional or an option value of this kind completes to, other than profile names. */
export function staticWords(kind: Completes | undefined): string[] {
  if (kind === 'shell') return [...SHELLS];
  if (kind === 'command') return [...COMMAND_NAMES];
  return [];
}
