/**
 * `rolecall`: the command line over the same core as the tray app. Non-interactive when stdin is
 * not a terminal, so scripts and tests can drive it; errors are one clear line on stderr (the
 * action on a second), `--debug` adds the underlying cause. Exit codes: see exit-codes.ts / README.
 * Every command answers `--help`/`-h` from the tables in command-options.ts and help/.
 */
import { isRolecallError, toErrorInfo } from '../core/errors';
import { EXIT, exitCodeFor } from './exit-codes';
import { type CommandContext, type Core, UsageError } from './context';
import { type CommandName, asksForHelp, isCommandName } from './command-options';
import type { CliOutput } from './output-guard';
import type { AgentClient } from './agent-client';
import { settled } from './output-guard';
import { processIo } from './io';

type Command = (ctx: CommandContext) => Promise<number>;

/**
 * Commands load lazily: `credential-process` must start fast and never loads the AWS SDK when the
 * app answers, nor the help texts. `__complete` is the hidden, fast helper of the shell completions.
 */
const COMMANDS: Record<CommandName | '__complete', () => Promise<Command>> = {
  add: async () => (await import('./commands/sources')).addCommand,
  import: async () => (await import('./commands/sources')).importCommand,
  remove: async () => (await import('./commands/sources')).removeCommand,
  rotate: async () => (await import('./commands/rotate')).rotateCommand,
  list: async () => (await import('./commands/sessions')).listCommand,
  status: async () => (await import('./commands/sessions')).statusCommand,
  agent: async () => (await import('./commands/agent')).agentCommand,
  switch: async () => (await import('./commands/sessions')).switchCommand,
  signout: async () => (await import('./commands/elevation')).signoutCommand,
  extend: async () => (await import('./commands/elevation')).extendCommand,
  exec: async () => (await import('./commands/exec')).execCommand,
  env: async () => (await import('./commands/exec')).envCommand,
  'credential-process': async () => (await import('./commands/bridge')).credentialProcessCommand,
  login: async () => (await import('./commands/bridge')).loginCommand,
  'setup-credential-process': async () => (await import('./commands/bridge')).setupCredentialProcessCommand,
  doctor: async () => (await import('./commands/doctor')).doctorCommand,
  sso: async () => (await import('./commands/sso')).ssoCommand,
  completion: async () => (await import('./commands/completion')).completionCommand,
  help: async () => (await import('./commands/help')).helpCommand,
  __complete: async () => (await import('./commands/completion')).completeCommand,
};

export async function run(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  // The SDK's Node-version notice is for Rolecall's maintainers, not for a user's terminal (or the
  // AWS CLI, which shows a credential_process's stderr as an error).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const io = processIo();
  const code = await dispatch(argv, env, io);
  await settled();
  // a closed pipe ends the output; the command's own failure, if any, still decides the exit code
  return code === EXIT.ok && (io.stdout.cut || io.stderr.cut) ? EXIT.pipeClosed : code;
}

async function dispatch(argv: string[], env: Record<string, string | undefined>, io: ReturnType<typeof processIo>): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const name = args[0];
  if (!name || name === '--help' || name === '-h') {
    const { globalHelp } = await import('./help/render');
    io.stdout.write(`${globalHelp()}\n`);
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${process.env.ROLECALL_VERSION ?? __ROLECALL_VERSION__}\n`);
    return EXIT.ok;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name as keyof typeof COMMANDS] : undefined;
  if (!load) {
    io.stderr.write(`rolecall: unknown command "${name}". Run "rolecall --help".\n`);
    return EXIT.usage;
  }
  if (isCommandName(name) && asksForHelp(name, args.slice(1))) {
    const { commandHelp } = await import('./help/render');
    io.stdout.write(`${commandHelp(name)}\n`);
    return EXIT.ok;
  }
  let core: Promise<Core> | undefined;
  let agent: Promise<AgentClient | undefined> | undefined;
  const ctx: CommandContext = {
    args: args.slice(1),
    io,
    env,
    now: () => Date.now(),
    core: () => (core ??= import('../core/facade/app-core').then((m) => m.createRolecallCore({ env, holder: 'cli' }))),
    agent: () => (agent ??= import('./agent-client').then((m) => m.connectAgent(env))),
  };
  try {
    return await (await load())(ctx);
  } catch (e) {
    return reportError(io.stderr, e, debug);
  } finally {
    if (core) (await core.catch(() => undefined))?.dispose();
  }
}

function reportError(stderr: CliOutput, e: unknown, debug: boolean): number {
  if (e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
    stderr.write(`rolecall: ${e.message}\n`);
    return EXIT.usage;
  }
  const info = toErrorInfo(e);
  stderr.write(`rolecall: ${info.message}\n`);
  if (info.action) stderr.write(`  → ${info.action}\n`);
  if (debug) {
    const cause = isRolecallError(e) ? e.cause : e;
    if (cause) stderr.write(`debug: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
  }
  return isRolecallError(e) ? exitCodeFor(e.code) : EXIT.error;
}

declare const __ROLECALL_VERSION__: string;
