/**
 * Getting a profile's session for `exec` and `env`, the way `credential-process` does: from the
 * running app over its socket when it is there (its cached sessions, its MFA popup: one prompt
 * however many execs wait), else the core's `credentialsFor` in this process, with the MFA code
 * asked on the terminal — the CLI's own stdin when it is one, else /dev/tty — or taken once from
 * `--mfa CODE|-`.
 */
import type { ServedCredentials } from '../../core/container-credentials/server';
import { RolecallError, isRolecallError } from '../../core/errors';
import { regionForProfile } from '../../core/profiles/chain';
import type { CommandContext } from '../context';
import { askMfaCode, askMfaCodeOnTty } from '../mfa-prompt';

export interface SessionRequest {
  profile: string;
  /** From `--mfa` (already read from stdin for `--mfa -`). */
  mfaCode?: string;
  durationSeconds?: number;
  /** Hand out nothing with less time than this left. */
  minRemainingSeconds: number;
  /** false: never prompt (a background refresh must not read the terminal the child is using). */
  ask?: boolean;
}

/** What `exec` hands on: the keys, their expiry and the chain's region. */
export type ExecSession = ServedCredentials;

export async function sessionFor(ctx: CommandContext, req: SessionRequest): Promise<ExecSession> {
  return (await fromRunningApp(ctx, req)) ?? standalone(ctx, req);
}

/**
 * The app's answer, or undefined when no app is running. A code typed on the command line or a
 * `--duration` is used here instead: the app would not spend the one nor honour the other.
 */
async function fromRunningApp(ctx: CommandContext, req: SessionRequest): Promise<ExecSession | undefined> {
  if (req.mfaCode !== undefined || req.durationSeconds !== undefined) return undefined;
  const { requestFromApp } = await import('../../core/credential-process/client');
  const { resolveAppDataDir } = await import('../../core/state/paths');
  const answer = await requestFromApp({ dir: resolveAppDataDir(ctx.env, process.platform), profile: req.profile, minRemainingSeconds: req.minRemainingSeconds, timeoutMs: 120_000 });
  if ('unavailable' in answer) return undefined;
  if (!answer.ok) throw new RolecallError(answer.error.code, answer.error.message, answer.error.action ? { action: answer.error.action } : {});
  // the socket answers credential_process JSON, which has no region: the chain's, from the files
  const region = regionForProfile((await (await ctx.core()).listProfiles()).profiles, req.profile);
  const o = answer.output;
  return { accessKeyId: o.AccessKeyId, secretAccessKey: o.SecretAccessKey, sessionToken: o.SessionToken, expiration: new Date(o.Expiration), ...(region !== undefined ? { region } : {}) };
}

async function standalone(ctx: CommandContext, req: SessionRequest): Promise<ExecSession> {
  const core = await ctx.core();
  let code = req.mfaCode;
  for (let attempt = 0; ; attempt++) {
    try {
      return await core.credentialsFor(req.profile, {
        minRemainingSeconds: req.minRemainingSeconds,
        promptForMfa: false,
        ...(code !== undefined ? { mfaCode: code } : {}),
        ...(req.durationSeconds !== undefined ? { durationSeconds: req.durationSeconds } : {}),
      });
    } catch (e) {
      if (!isRolecallError(e) || attempt >= 3 || req.ask === false) throw e;
      const wrongCode = e.code === 'MfaInvalid' || e.code === 'MfaCodeReused';
      // a code given on the command line is not asked again: the user sees why it failed
      if (!(e.code === 'MfaRequired' || (wrongCode && req.mfaCode === undefined))) throw e;
      const serial = String(e.details.mfaSerial ?? 'your MFA device');
      if (wrongCode) ctx.io.stderr.write(`${e.message}${e.action ? ` ${e.action}` : ''}\n`);
      const next = ctx.io.interactive ? await askMfaCode(ctx.io, serial) : askMfaCodeOnTty(serial);
      if (next === undefined) {
        throw new RolecallError('MfaRequired', `MFA code required for ${serial}, and there is no terminal to ask on.`, {
          action: 'Pass it with --mfa - (the code on stdin), or run "rolecall switch" once in a terminal to open an MFA session.',
          details: { mfaSerial: serial },
        });
      }
      code = next;
    }
  }
}
