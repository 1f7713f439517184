/**
 * The agent's answers to the CLI over the authenticated channel: `hello` (who holds the sessions),
 * `status`, `switch`, `signout` (with its fallback to the baseline), `extend` (a time-boxed
 * elevation) and `login` (a console sign-in URL). The CLI is then a client of the one session
 * owner, so a switch made from a terminal is refreshed by the agent and shows in the tray with its countdown.
 *
 * A missing MFA code: a CLI at a terminal asks there and sends the code with a second request
 * (MfaRequired first); a CLI without a terminal may let the app ask in its popup (`promptInApp`);
 * a headless agent has no popup, so the CLI gets MfaRequired (exit 3, as without an agent).
 */
import type { ProfileListing, RolecallCore } from '../facade/app-core-types';
import type { KeyAge } from '../rotation/key-age';
import type { ChannelRequest } from '../credential-process/protocol';
import type { ActiveSession, Fallback, SignOutResult } from '../sessions/types';

export interface AgentIdentity {
  holder: 'app' | 'agent';
  pid: number;
  version: string;
}

/** What `hello` answers. */
export type HelloResult = AgentIdentity;

/**
 * What `list` answers: the profiles, sessions and key ages, read by the owner — so on macOS the
 * keychain is read by the app (which the user trusted), not by a plain `node` the CLI runs in.
 */
export interface ListResult {
  listing: ProfileListing;
  keyAges: KeyAge[];
}

/** What `login` answers: the console sign-in URL and when it stops working. */
export interface LoginResult {
  url: string;
  expiresAt: string;
}

type OpRequest = ChannelRequest & { op: NonNullable<ChannelRequest['op']> };

/** The session fields that go to the CLI: everything `status --json` shows, never a secret (sessions carry none). */
function wireSession(s: ActiveSession): ActiveSession {
  const { lastError, ...rest } = s;
  return { ...rest, notes: [...s.notes], ...(lastError ? { lastError: { code: lastError.code, message: lastError.message, ...(lastError.action ? { action: lastError.action } : {}) } } : {}) };
}

function wireFallback(f: Fallback): Fallback {
  return {
    target: f.target,
    from: f.from,
    baseline: f.baseline,
    ...(f.restored ? { restored: wireSession(f.restored) } : {}),
    ...(f.error ? { error: { code: f.error.code, message: f.error.message, ...(f.error.action ? { action: f.error.action } : {}) } } : {}),
  };
}

export function createAgentOps(core: Pick<RolecallCore, 'readSessions' | 'listProfiles' | 'keyAges' | 'switchTo' | 'signOut' | 'signOutAll' | 'extend' | 'consoleSigninUrl'>, me: AgentIdentity & { canPrompt: boolean }) {
  return async (req: OpRequest, signal?: AbortSignal): Promise<unknown> => {
    const prompt = { ...(req.requestedBy !== undefined ? { requestedBy: req.requestedBy } : {}), ...(signal ? { signal } : {}) };
    switch (req.op) {
      case 'hello':
        return { holder: me.holder, pid: me.pid, version: me.version } satisfies HelloResult;
      case 'status':
        return (await core.readSessions()).map(wireSession);
      case 'list': {
        const listing = await core.listProfiles();
        // key age asks IAM only for keychain sources; a failure is a cell, not a failed list
        const keyAges = listing.profiles.some((p) => p.kind === 'source' && p.origin === 'keychain') ? await core.keyAges().catch(() => []) : [];
        return { listing: { ...listing, sessions: listing.sessions.map(wireSession) }, keyAges } satisfies ListResult;
      }
      case 'switch':
        return wireSession(
          await core.switchTo(req.profile!, {
            ...(req.target !== undefined ? { target: req.target } : {}),
            takeOver: req.takeOver === true,
            ...(req.mfaCode !== undefined ? { mfaCode: req.mfaCode } : {}),
            ...(req.durationSeconds !== undefined ? { durationSeconds: req.durationSeconds } : {}),
            ...(req.forSeconds !== undefined ? { forSeconds: req.forSeconds } : {}),
            promptForMfa: me.canPrompt && req.promptInApp === true && req.mfaCode === undefined,
            prompt,
          }),
        );
      case 'login': {
        // the sign-in URL carries a token for 15 minutes: it goes only to this authenticated caller
        const r = await core.consoleSigninUrl(req.profile!, {
          ...(req.region !== undefined ? { region: req.region } : {}),
          ...(req.consolePath !== undefined ? { path: req.consolePath } : {}),
          federation: req.federation === true,
          ...(req.mfaCode !== undefined ? { mfaCode: req.mfaCode } : {}),
          promptForMfa: me.canPrompt && req.promptInApp === true && req.mfaCode === undefined,
        });
        return { url: r.url, expiresAt: new Date(r.expiresAt).toISOString() } satisfies LoginResult;
      }
      case 'signout': {
        const r: SignOutResult =
          req.all === true
            ? { ended: await core.signOutAll(), fallbacks: [] }
            : await core.signOut(req.profile!, {
                noFallback: req.noFallback === true,
                ...(req.mfaCode !== undefined ? { mfaCode: req.mfaCode } : {}),
                promptForMfa: me.canPrompt && req.promptInApp === true && req.mfaCode === undefined,
                prompt,
              });
        return { ended: r.ended.map(wireSession), fallbacks: r.fallbacks.map(wireFallback) } satisfies SignOutResult;
      }
      case 'extend':
        return wireSession(await core.extend(req.profile!, req.forSeconds));
    }
  };
}
