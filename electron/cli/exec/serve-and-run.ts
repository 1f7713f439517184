/**
 * `rolecall exec --server`: the child gets a local container-credentials endpoint instead of static
 * keys, so every SDK inside it refreshes by itself and a long `terraform apply` outlives the role
 * session. The first session (and its MFA code) is had before the child starts; the server stops
 * when the child exits. The session lives in this process's memory only.
 */
import { toErrorInfo } from '../../core/errors';
import { systemClock } from '../../core/sessions/clock';
import { CredentialRefresher } from '../../core/container-credentials/refresher';
import { serveContainerCredentials } from '../../core/container-credentials/server';
import { type CommandContext, info } from '../context';
import { applyEnvironment, serverEnvironment } from './child-env';
import { sessionFor } from './credentials';
import { commandOrShell, runChild } from './run-child';

export interface ServeRequest {
  profile: string;
  command: string[];
  mfaCode?: string;
  durationSeconds?: number;
  /** `--listen ADDR`: a bridge address for a container instead of 127.0.0.1. */
  listen?: string;
  minRemainingSeconds: number;
}

export async function serveAndRun(ctx: CommandContext, req: ServeRequest): Promise<number> {
  // the first fetch may prompt for the code; later ones reuse the MFA session it opened and never
  // prompt: the child owns the terminal by then (a refresh that needs a new code says so on stderr)
  let code = req.mfaCode;
  let started = false;
  const refresher = new CredentialRefresher({
    clock: systemClock,
    fetch: async (minRemainingSeconds) => {
      const creds = await sessionFor(ctx, { profile: req.profile, minRemainingSeconds, ask: !started, ...(code !== undefined ? { mfaCode: code } : {}), ...(req.durationSeconds !== undefined ? { durationSeconds: req.durationSeconds } : {}) });
      code = undefined; // a code is good for one STS call
      return creds;
    },
    onError: (e) => {
      const err = toErrorInfo(e);
      info(ctx, `rolecall: could not refresh the session of ${req.profile}: ${err.message}${err.action ? `\n  → ${err.action}` : ''}`);
    },
  });
  const first = await refresher.start(req.minRemainingSeconds);
  started = true;
  if (req.listen) info(ctx, `warning: serving ${req.profile}'s credentials on ${req.listen}: any process that reaches this address with the token gets them.`);
  const endpoint = await serveContainerCredentials({
    credentials: () => refresher.credentials(),
    ...(req.listen ? { host: req.listen } : {}),
    onError: (message) => info(ctx, `rolecall: a credentials request failed: ${message}`),
  });
  try {
    const env = applyEnvironment(ctx.env, serverEnvironment(req.profile, endpoint, first.region));
    return await runChild(commandOrShell(req.command, ctx.env), env, (line) => info(ctx, line));
  } finally {
    refresher.stop();
    await endpoint.close();
  }
}
