/**
 * `rolecall completion bash|zsh|fish` prints a completion script; `rolecall __complete profiles`
 * (hidden) is what those scripts run on Tab: the profile names in the AWS files, one per line. It
 * reads only the two files — no keychain, no core — and stays silent on any problem, since its
 * output lands in the user's command line.
 */
import { parseArgs } from 'node:util';
import { syntaxOf } from '../command-options';
import { type CommandContext, UsageError, out } from '../context';

export async function completionCommand(ctx: CommandContext): Promise<number> {
  const { positionals } = parseArgs({ args: ctx.args, ...syntaxOf('completion') });
  const [{ SHELLS, completionModel }, { bashScript }, { zshScript }, { fishScript }] = await Promise.all([
    import('../completion/model'),
    import('../completion/bash'),
    import('../completion/zsh'),
    import('../completion/fish'),
  ]);
  const shell = positionals[0];
  if (positionals.length !== 1 || !(SHELLS as readonly string[]).includes(shell ?? '')) {
    throw new UsageError(`usage: rolecall completion ${SHELLS.join('|')}${shell ? ` ("${shell}" is not one of them)` : ''}`);
  }
  const model = completionModel();
  const script = shell === 'bash' ? bashScript(model) : shell === 'zsh' ? zshScript(model) : fishScript(model);
  ctx.io.stdout.write(script);
  return 0;
}

export async function completeCommand(ctx: CommandContext): Promise<number> {
  if (ctx.args[0] !== 'profiles') return 0;
  const [{ readSharedFiles }, { resolveAwsPaths }] = await Promise.all([import('../../core/aws-files/read'), import('../../core/aws-files/paths')]);
  let names: string[];
  try {
    const files = await readSharedFiles(resolveAwsPaths(ctx.env));
    names = [...new Set([...Object.keys(files.configFile), ...Object.keys(files.credentialsFile)])];
  } catch {
    return 0;
  }
  // a name with a line break would split into two candidates: the AWS files cannot hold one anyway
  const usable = names.filter((n) => n !== '' && !/[\r\n]/.test(n)).sort();
  if (usable.length > 0) out(ctx, usable.join('\n'));
  return 0;
}
