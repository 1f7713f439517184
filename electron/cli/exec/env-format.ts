/**
 * `rolecall env --format sh|fish|powershell|dotenv`: the exec environment as text a shell
 * evaluates (`eval "$(rolecall env admin)"`). Every value is quoted so that the shell gives back
 * exactly the bytes we had, whatever they hold; the tests feed generated strings through real
 * sh, zsh and fish to hold each quoting rule to that.
 */
import type { ExecEnvironment } from './child-env';

export const ENV_FORMATS = ['sh', 'fish', 'powershell', 'dotenv'] as const;
export type EnvFormat = (typeof ENV_FORMATS)[number];

export function isEnvFormat(s: string): s is EnvFormat {
  return (ENV_FORMATS as readonly string[]).includes(s);
}

/** POSIX sh (also bash, zsh, dash): inside '…' nothing is special but ' itself. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** fish: inside '…' only \\ and \' are escapes. */
export function fishQuote(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** PowerShell: a verbatim '…' string, ' doubled (PowerShell also treats the curly quotes as quotes). */
export function powershellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (c) => c + c)}'`;
}

/** dotenv (docker --env-file, python-dotenv, Node's --env-file): "…" with \\, \" and newlines escaped. */
/** python-dotenv expands `${NAME}` inside any quotes and has no escape for it: such a value cannot be carried (credentials never hold `$`). */
export function dotenvQuote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

export function formatEnvironment(e: ExecEnvironment, format: EnvFormat): string {
  const lines: string[] = [];
  switch (format) {
    case 'sh':
      for (const name of e.unset) lines.push(`unset ${name}`);
      for (const [name, value] of e.set) lines.push(`export ${name}=${shQuote(value)}`);
      break;
    case 'fish':
      for (const name of e.unset) lines.push(`set -e ${name}`);
      for (const [name, value] of e.set) lines.push(`set -gx ${name} ${fishQuote(value)}`);
      break;
    case 'powershell':
      for (const name of e.unset) lines.push(`Remove-Item Env:${name} -ErrorAction SilentlyContinue`);
      for (const [name, value] of e.set) lines.push(`$Env:${name} = ${powershellQuote(value)}`);
      break;
    case 'dotenv':
      // a file cannot remove variables; it only sets
      for (const [name, value] of e.set) lines.push(`${name}=${dotenvQuote(value)}`);
      break;
  }
  return `${lines.join('\n')}\n`;
}
