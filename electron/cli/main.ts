/**
 * `rolecall`: the command line over the same core as the tray app. Non-interactive when stdin is
 * not a terminal, so scripts and tests can drive it; errors are one clear line on stderr (the
 * action on a second), `--debug` adds the underlying cause. Exit codes: see exit-codes.ts / README.
 */
import { isRolecallError, toErrorInfo } from '../core/errors';
import { EXIT, exitCodeFor } from './exit-codes';
import { type CommandContext, type Core, UsageError } from './context';
import { processIo } from './io';

const HELP = `rolecall — AWS credentials from your keychain, written to a named profile

Usage:
  rolecall add <name> [--mfa-serial ARN] [--write-config [--region R]] [--no-verify] [--force]
                                         keys from stdin (2 lines) or a hidden prompt; --write-config
                                         appends [profile NAME] (mfa_serial, region) to the config file
  rolecall import [--scrub] [NAME…]      move plaintext keys from the credentials file into the keychain
  rolecall remove <name> [--yes]         delete a source profile's keys from the keychain
  rolecall list [--json]                 every profile, its chain and session
  rolecall switch <profile> [--target NAME] [--take-over] [--mfa CODE] [--duration SECONDS] [--json]
  rolecall status [--json]               active sessions
  rolecall signout <profile|target> | --all
  rolecall credential-process --profile <name>
  rolecall login <profile> [--region R] [--path P] [--stdout]
  rolecall setup-credential-process <profile> [--as NAME]
  rolecall doctor [--json] [--fix-bom]   check the keychain, AWS files, environment and clock;
                                         --fix-bom removes a BOM the AWS CLI cannot parse (backup first)

Options: --debug (show underlying causes), --help, --version
Exit codes: 0 ok, 1 error, 2 usage, 3 MFA code required, 4 keychain, 5 AWS refused, 6 network, 7 AWS files`;

type Command = (ctx: CommandContext) => Promise<number>;

/** Commands load lazily: `credential-process` must start fast and never loads the AWS SDK when the app answers. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  add: async () => (await import('./commands/sources')).addCommand,
  import: async () => (await import('./commands/sources')).importCommand,
  remove: async () => (await import('./commands/sources')).removeCommand,
  list: async () => (await import('./commands/sessions')).listCommand,
  status: async () => (await import('./commands/sessions')).statusCommand,
  switch: async () => (await import('./commands/sessions')).switchCommand,
  signout: async () => (await import('./commands/sessions')).signoutCommand,
  'credential-process': async () => (await import('./commands/bridge')).credentialProcessCommand,
  login: async () => (await import('./commands/bridge')).loginCommand,
  'setup-credential-process': async () => (await import('./commands/bridge')).setupCredentialProcessCommand,
  doctor: async () => (await import('./commands/doctor')).doctorCommand,
};

export async function run(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  // The SDK's Node-version notice is for Rolecall's maintainers, not for a user's terminal (or the
  // AWS CLI, which shows a credential_process's stderr as an error).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const io = processIo();
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const name = args[0];
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${HELP}\n`);
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${process.env.ROLECALL_VERSION ?? __ROLECALL_VERSION__}\n`);
    return EXIT.ok;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`rolecall: unknown command "${name}". Run "rolecall --help".\n`);
    return EXIT.usage;
  }
  let core: Promise<Core> | undefined;
  const ctx: CommandContext = {
    args: args.slice(1),
    io,
    env,
    now: () => Date.now(),
    core: () => (core ??= import('../core/app-core').then((m) => m.createRolecallCore({ env, scheduleRefresh: false }))),
  };
  try {
    return await (await load())(ctx);
  } catch (e) {
    return reportError(io.stderr, e, debug);
  } finally {
    if (core) (await core.catch(() => undefined))?.dispose();
  }
}

function reportError(stderr: NodeJS.WritableStream, e: unknown, debug: boolean): number {
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
