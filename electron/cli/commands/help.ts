/** `rolecall help [command]`: the same text as `rolecall [command] --help`. */
import { parseArgs } from 'node:util';
import { isCommandName, syntaxOf } from '../command-options';
import { type CommandContext, UsageError, usageError, out } from '../context';
import { commandHelp, globalHelp } from '../help/render';

export async function helpCommand(ctx: CommandContext): Promise<number> {
  const { positionals } = parseArgs({ args: ctx.args, ...syntaxOf('help') });
  const topic = positionals[0];
  if (positionals.length > 1) throw await usageError('help');
  if (topic === undefined) out(ctx, globalHelp());
  else if (isCommandName(topic)) out(ctx, commandHelp(topic));
  else throw new UsageError(`unknown command "${topic}". Run "rolecall --help".`);
  return 0;
}
