/**
 * `rolecall exec <profile> -- <command>` and `rolecall env <profile>`: aws-vault's verbs. The
 * session goes to the command through its environment only (never its arguments or a file);
 * `exec --server` hands it a local container-credentials endpoint instead, which SDKs refresh from.
 */
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { syntaxOf } from '../command-options';
import { type CommandContext, UsageError, info, out, usageError } from '../context';
import { EXEC_MARKER, type ExecEnvironment, applyEnvironment, longTermKeysEnvironment, staticKeysEnvironment } from '../exec/child-env';
import { sessionFor } from '../exec/credentials';
import { ENV_FORMATS, formatEnvironment, isEnvFormat } from '../exec/env-format';
import { commandOrShell, runChild } from '../exec/run-child';
import { mfaCodeFromStdin } from './sessions';

/** Static keys are handed out with at least this long left (the child cannot refresh them). */
const EXEC_MIN_REMAINING_SECONDS = 960;

export async function execCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({ args: ctx.args, ...syntaxOf('exec') });
  // everything after the first `--` is the command (parseArgs puts it in positionals, unparsed)
  const cut = ctx.args.indexOf('--');
  const before = positionals.length - (cut === -1 ? 0 : ctx.args.length - cut - 1);
  const profile = positionals[0];
  if (!profile || before !== 1) {
    throw before > 1 ? new UsageError(`put "--" before the command: rolecall exec ${profile} -- ${positionals.slice(1).join(' ')}`) : await usageError('exec');
  }
  const command = positionals.slice(1);
  refuseNesting(ctx, values.force === true);
  const duration = parseDuration(values.duration);
  const mfaCode = values.mfa === '-' ? await mfaCodeFromStdin(ctx) : values.mfa;
  if (values.listen !== undefined && !values.server) throw new UsageError('--listen sets the address of --server; add --server.');
  if (values.server) {
    if (values['no-session']) throw new UsageError('--no-session hands out long-term keys; --server serves sessions only. Drop one of them.');
    if (values.json) throw new UsageError('--json prints static keys; it cannot be combined with --server.');
    const { serveAndRun } = await import('../exec/serve-and-run');
    return serveAndRun(ctx, {
      profile,
      command,
      minRemainingSeconds: minRemaining(duration),
      ...(mfaCode !== undefined ? { mfaCode } : {}),
      ...(duration !== undefined ? { durationSeconds: duration } : {}),
      ...(values.listen !== undefined ? { listen: checkListen(values.listen) } : {}),
    });
  }
  const environment = await staticEnvironment(ctx, profile, { noSession: values['no-session'] === true, mfaCode, duration });
  if (values.json) {
    out(ctx, JSON.stringify(Object.fromEntries(environment.set), null, 2));
    return 0;
  }
  return runChild(commandOrShell(command, ctx.env), applyEnvironment(ctx.env, environment), (line) => info(ctx, line));
}

export async function envCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({ args: ctx.args, ...syntaxOf('env') });
  const profile = positionals[0];
  if (!profile || positionals.length > 1) throw await usageError('env');
  const format = values.format ?? 'sh';
  if (!isEnvFormat(format)) throw new UsageError(`--format takes one of ${ENV_FORMATS.join(', ')}, not "${format}".`);
  refuseNesting(ctx, values.force === true);
  const duration = parseDuration(values.duration);
  const mfaCode = values.mfa === '-' ? await mfaCodeFromStdin(ctx) : values.mfa;
  const environment = await staticEnvironment(ctx, profile, { noSession: values['no-session'] === true, mfaCode, duration });
  ctx.io.stdout.write(formatEnvironment(environment, format));
  return 0;
}

/**
 * The variables for plain `exec`, `exec --json` and `env`: a session, or with `--no-session` the
 * source's long-term keys (for the rare tool that refuses session credentials), with a warning.
 */
async function staticEnvironment(ctx: CommandContext, profile: string, o: { noSession: boolean; mfaCode: string | undefined; duration: number | undefined }): Promise<ExecEnvironment> {
  if (o.noSession) {
    if (o.mfaCode !== undefined || o.duration !== undefined) throw new UsageError('--no-session hands out the long-term keys as they are: --mfa and --duration do not apply.');
    const { keys, region } = await (await ctx.core()).longTermKeysFor(profile);
    info(ctx, `warning: --no-session gives the command ${profile}'s long-term keys: they do not expire and carry no MFA. Use a session unless the tool refuses one.`);
    return longTermKeysEnvironment(profile, keys, region);
  }
  const creds = await sessionFor(ctx, { profile, ...(o.mfaCode !== undefined ? { mfaCode: o.mfaCode } : {}), ...(o.duration !== undefined ? { durationSeconds: o.duration } : {}), minRemainingSeconds: minRemaining(o.duration) });
  return staticKeysEnvironment(profile, creds, creds.region);
}

/** A second exec inside the first would mix two identities in one shell; say so instead. */
function refuseNesting(ctx: CommandContext, force: boolean): void {
  const outer = ctx.env[EXEC_MARKER];
  if (outer && !force) {
    throw new UsageError(
      `this shell already runs as "${outer}" from "rolecall exec" (${EXEC_MARKER} is set), and a second one inside it would mix two identities. Exit that shell first, or pass --force to nest anyway.`,
    );
  }
}

/** `--listen` takes an IP address of this machine (a docker bridge such as 172.17.0.1), not a name. */
function checkListen(addr: string): string {
  if (isIP(addr) === 0) throw new UsageError(`--listen takes an IP address of this machine (e.g. 172.17.0.1, docker's bridge), not "${addr}".`);
  return addr;
}

function parseDuration(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 900 || n > 129600) throw new UsageError(`--duration takes whole seconds between 900 and 129600, not "${raw}".`);
  return n;
}

/** A session asked for a short `--duration` cannot have 16 minutes left: then a fresh one is enough. */
function minRemaining(duration: number | undefined): number {
  return duration === undefined ? EXEC_MIN_REMAINING_SECONDS : Math.min(EXEC_MIN_REMAINING_SECONDS, duration - 60);
}
