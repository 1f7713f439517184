/**
 * `rolecall signout` and `rolecall extend`: how an elevated session ends (workflow W4). Signing out
 * of it puts its target back on the baseline — the user's read-only session — instead of leaving
 * no credentials at all; `--no-fallback` signs out completely. The rules live in
 * core/sessions/elevation.ts; this file only words them.
 */
import { parseArgs } from 'node:util';
import { syntaxOf } from '../command-options';
import { isRolecallError } from '../../core/errors';
import { parseElevationLength, MAX_ELEVATION_SECONDS } from '../../core/sessions/elevation';
import type { ActiveSession, Fallback, SignOutResult } from '../../core/sessions/types';
import { resolveAwsPaths } from '../../core/aws-files/paths';
import { type CommandContext, UsageError, usageError, info, out } from '../context';
import { exitCodeFor } from '../exit-codes';
import { formatRemaining } from '../format';
import { askMfaCode } from '../mfa-prompt';
import { mfaDeviceIn } from '../mfa-device';
import { mfaCodeFromStdin, sessionJson } from './sessions';

export async function signoutCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({ args: ctx.args, ...syntaxOf('signout') });
  const which = positionals[0];
  if ((!values.all && !which) || positionals.length > 1 || (values.all && which)) throw await usageError('signout');
  const agent = await ctx.agent();
  const core = agent ? undefined : await ctx.core();
  if (values.all) {
    const r: SignOutResult = agent ? await agent.signOut({ all: true }) : { ended: await core!.signOutAll(), fallbacks: [] };
    if (values.json) out(ctx, JSON.stringify(resultJson(r), null, 2));
    else out(ctx, 'Signed out of every session; cached MFA sessions were forgotten.');
    return 0;
  }
  const code = values.mfa === '-' ? await mfaCodeFromStdin(ctx) : values.mfa;
  const opts = { noFallback: values['no-fallback'] === true, ...(code !== undefined ? { mfaCode: code } : {}) };
  const result = agent
    ? await agent.signOut({ profile: which!, ...opts, promptInApp: !ctx.io.interactive, requestedBy: `rolecall signout ${which!}` })
    : await core!.signOut(which!, opts);
  const fallbacks = await Promise.all(result.fallbacks.map((f) => askForBaseline(ctx, f, code)));
  const final = { ended: result.ended, fallbacks };
  if (values.json) out(ctx, JSON.stringify(resultJson(final), null, 2));
  else report(ctx, final);
  // another switch taking the target meanwhile is not a failure of this signout: its session ended
  const failed = fallbacks.find((f) => f.error !== undefined && f.error.code !== 'SessionReplaced');
  return failed?.error ? exitCodeFor(failed.error.code as Parameters<typeof exitCodeFor>[0]) : 0;
}

/**
 * A fallback whose baseline needed a code the holder could not ask for: the elevated session has
 * ended already; at a terminal, ask here and switch the baseline back on with it.
 */
async function askForBaseline(ctx: CommandContext, f: Fallback, given: string | undefined): Promise<Fallback> {
  if (f.error?.code !== 'MfaRequired' || !ctx.io.interactive || given !== undefined) return f;
  info(ctx, `${f.from} has ended on "${f.target}"; its baseline ${f.baseline} needs an MFA code.`);
  const code = await askMfaCode(ctx.io, mfaDeviceIn(f.error.message));
  const agent = await ctx.agent();
  try {
    const req = { target: f.target, mfaCode: code };
    const restored = agent ? await agent.switchTo({ profile: f.baseline, ...req, requestedBy: `rolecall signout ${f.from}` }) : await (await ctx.core()).switchTo(f.baseline, req);
    return { target: f.target, from: f.from, baseline: f.baseline, restored };
  } catch (e) {
    if (!isRolecallError(e)) throw e;
    return { ...f, error: { code: e.code, message: e.message, ...(e.action ? { action: e.action } : {}) } };
  }
}

function report(ctx: CommandContext, r: SignOutResult): void {
  const file = resolveAwsPaths(ctx.env).credentialsFile;
  const fellBack = new Map(r.fallbacks.map((f) => [f.target, f]));
  for (const s of r.ended) {
    const f = fellBack.get(s.target);
    if (f?.restored) {
      out(ctx, `Signed out of ${s.profile}: "${s.target}" is back on its baseline ${f.baseline} as ${f.restored.identityArn}, valid until ${f.restored.expiresAt} (${formatRemaining(f.restored.expiresAt, ctx.now())}).`);
    } else if (f?.error) {
      out(ctx, `Signed out of ${s.profile}: removed [${s.target}] from ${file}.`);
      info(ctx, `"${s.target}" could not fall back to ${f.baseline}: ${f.error.message}${f.error.action ? ` ${f.error.action}` : ''}`);
      info(ctx, `To put it back: rolecall switch ${f.baseline}${s.target === 'default' ? '' : ` --target ${s.target}`}`);
    } else {
      out(ctx, `Signed out of ${s.profile}: removed [${s.target}] from ${file}.`);
    }
  }
}

function resultJson(r: SignOutResult) {
  return {
    ended: r.ended.map((s) => ({ profile: s.profile, ...sessionJson(s) })),
    fallbacks: r.fallbacks.map((f) => ({
      target: f.target,
      from: f.from,
      baseline: f.baseline,
      restored: f.restored ? { profile: f.restored.profile, ...sessionJson(f.restored) } : null,
      error: f.error ? { code: f.error.code, message: f.error.message } : null,
    })),
  };
}

/** `--for` as seconds; a clear usage error for anything else. */
export function elevationLengthOption(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const seconds = parseElevationLength(raw);
  if (seconds === undefined || seconds < 60 || seconds > MAX_ELEVATION_SECONDS) {
    throw new UsageError(`--for takes a length between 1 minute and 12 hours, such as 15m, 30m, 1h or 1h30m (not "${raw}").`);
  }
  return seconds;
}

export async function extendCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({ args: ctx.args, ...syntaxOf('extend') });
  const which = positionals[0];
  if (!which || positionals.length > 1) throw await usageError('extend');
  const seconds = elevationLengthOption(values.for);
  const agent = await ctx.agent();
  const s = agent ? await agent.extend({ profile: which, ...(seconds !== undefined ? { forSeconds: seconds } : {}) }) : await (await ctx.core()).extend(which, seconds);
  if (values.json) out(ctx, JSON.stringify({ profile: s.profile, ...sessionJson(s) }, null, 2));
  else for (const line of elevationLines(s, ctx.now())) out(ctx, line);
  return 0;
}

/** What `switch` and `extend` say about an elevated session: where it falls back to, and when. */
export function elevationLines(s: ActiveSession, now: number): string[] {
  if (!s.elevated) return s.baseline ? [`Signing out (rolecall signout ${s.target}) puts "${s.target}" back on ${s.baseline}.`] : [];
  const back = s.baseline ? `back to ${s.baseline}` : 'to nothing (no baseline: the target is emptied)';
  const lines = [`ELEVATED: ${s.profile} on "${s.target}".`];
  if (s.fallsBackAt === undefined) lines.push(`Sign out to go ${back}: rolecall signout ${s.target}`);
  else if (s.heldBy === 'cli') {
    lines.push(
      `Neither the app nor "rolecall agent" runs, so nothing drops you ${back} at ${s.fallsBackAt}: the elevation lasts until the session expires at ${s.expiresAt} (${formatRemaining(s.expiresAt, now)}). Start the app or "rolecall agent" to enforce the time box, or sign out when done.`,
    );
  } else lines.push(`Falls ${back} at ${s.fallsBackAt} (${formatRemaining(s.fallsBackAt, now)}); extend with: rolecall extend ${s.target}`);
  return lines;
}
