/**
 * The agent: the one owner of sessions for a user. It holds the session core (sessions, the
 * refresh/expiry scheduler, the MFA broker) and serves the local channel that `rolecall` and
 * `credential_process` talk to. The tray app embeds it (`holder: 'app'`, prompts in its popup);
 * `rolecall agent` runs the same thing headless in the foreground (`holder: 'agent'`) for Linux
 * servers, WSL, dev containers, SSH sessions — and tests.
 *
 * Starting: refuse beside a running owner (the claim file, agent-lock.ts), create the core (which
 * adopts the sessions the credentials file's markers show and removes only those whose marker says
 * expired), then open the channel. Stopping: the token file goes first and synchronously (a CLI
 * started from then on must not trust it), then the channel, then — if the user asked for it in
 * Settings — every held session is signed out, then the core's timers and keychain worker.
 */
import { createRolecallCore, type CliOnlyCore, type CoreOptions } from '../facade/app-core';
import type { RolecallCore } from '../facade/app-core-types';
import { startCredentialServer, type CredentialServer } from '../credential-process/server';
import { prepareChannelDir } from '../credential-process/channel-fs';
import { resolveAppDataDir } from '../state/paths';
import { claimAgentRole } from './agent-lock';
import { createAgentOps } from './ops';

export interface AgentOptions extends Omit<CoreOptions, 'holder' | 'scheduleRefresh'> {
  holder: 'app' | 'agent';
  /** The version `hello` reports. */
  version: string;
}

export interface RunningAgent {
  core: RolecallCore & CliOnlyCore;
  channel: CredentialServer;
  /** Removes the token file at once, synchronously: the first step of a quit. */
  removeTokenFileSync(): void;
  /** The whole stop sequence; safe to call twice. */
  close(): Promise<void>;
}

export async function startAgent(opts: AgentOptions): Promise<RunningAgent> {
  const env = opts.env ?? process.env;
  const dir = opts.appDataDir ?? resolveAppDataDir(env, process.platform, opts.home);
  await prepareChannelDir(dir, process.platform);
  const claim = await claimAgentRole(dir, opts.holder);
  let core: (RolecallCore & CliOnlyCore) | undefined;
  try {
    core = await createRolecallCore({ ...opts, appDataDir: dir, holder: opts.holder });
    const canPrompt = opts.holder === 'app';
    const live = core;
    const channel = await startCredentialServer(live, { dir, canPrompt, ops: createAgentOps(live, { holder: opts.holder, pid: process.pid, version: opts.version, canPrompt }) });
    let closed: Promise<void> | undefined;
    return {
      core: live,
      channel,
      removeTokenFileSync: () => channel.removeTokenFileSync(),
      close() {
        closed ??= (async () => {
          channel.removeTokenFileSync();
          await channel.close();
          if (live.getSettings().signOutAtQuit) await live.signOutAll().catch(() => undefined);
          live.dispose();
          await claim.release();
        })();
        return closed;
      },
    };
  } catch (e) {
    core?.dispose();
    await claim.release();
    throw e;
  }
}
