/**
 * Getting a profile's session for `exec` and `env`: the core's `credentialsFor` (the cache and
 * engine credential_process uses), with the MFA code asked on the terminal — the CLI's own stdin
 * when it is one, else /dev/tty — or taken once from `--mfa CODE|-`.
 */
import type { SessionCredentials } from '../../core/app-core-types';
import { RolecallError, isRolecallError } from '../../core/errors';
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

export async function sessionFor(ctx: CommandContext, req: SessionRequest): Promise<SessionCredentials> {
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
