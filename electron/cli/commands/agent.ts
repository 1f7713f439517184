/**
 * `rolecall agent`: the session owner without the tray (agent/agent.ts), in the foreground. It
 * logs what happens to sessions on stderr — names, targets and times, never a credential — and
 * stops cleanly on SIGINT or SIGTERM: the channel's token file first, then the socket, then (per
 * Settings) every session.
 */
import { parseArgs } from 'node:util';
import { syntaxOf } from '../command-options';
import { type CommandContext, info } from '../context';
import type { SessionEvent } from '../../core/sessions/types';

declare const __ROLECALL_VERSION__: string;

/** One log line per event worth telling the person at the agent's terminal. */
export function describeEvent(e: SessionEvent): string | undefined {
  switch (e.type) {
    case 'session-refreshed':
      return `refreshed ${e.profile} on [${e.target}], valid until ${e.expiresAt}`;
    case 'session-expired':
      return `${e.profile} on [${e.target}] expired${e.removed ? ' and was removed from the credentials file' : ''}`;
    case 'session-error':
      return `refreshing ${e.profile} on [${e.target}] failed: ${e.error.message}`;
    case 'session-expiring':
      return e.needsMfa ? `${e.profile} on [${e.target}] ends in ${e.secondsLeft} s and needs an MFA code: run "rolecall switch ${e.profile}" in a terminal to renew it` : undefined;
    case 'elevation-ending':
      return `${e.profile} on [${e.target}] falls back to ${e.baseline ?? 'nothing (no baseline)'} in ${e.secondsLeft} s: "rolecall extend ${e.target}" for more time`;
    case 'fell-back': {
      const why = e.timedOut ? 'its time ran out' : 'signed out';
      if (e.restored) return `${e.profile} on [${e.target}] ended (${why}): back on ${e.baseline}, valid until ${e.restored.expiresAt}`;
      if (e.error) return `${e.profile} on [${e.target}] ended (${why}); [${e.target}] is empty: ${e.baseline} could not come back: ${e.error.message} Run "rolecall switch ${e.baseline}${e.target === 'default' ? '' : ` --target ${e.target}`}".`;
      return `${e.profile} on [${e.target}] ended (${why}); no baseline, so [${e.target}] is empty`;
    }
    default:
      return undefined;
  }
}

export async function agentCommand(ctx: CommandContext): Promise<number> {
  parseArgs({ args: ctx.args, ...syntaxOf('agent') });
  const { startAgent } = await import('../../core/agent/agent');
  info(ctx, 'rolecall agent: starting…');
  const agent = await startAgent({ holder: 'agent', version: process.env.ROLECALL_VERSION ?? __ROLECALL_VERSION__, env: ctx.env });
  const stamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const off = agent.core.on((e) => {
    const line = describeEvent(e);
    if (line) info(ctx, `${stamp()} ${line}`);
  });
  const adopted = agent.core.sessions();
  for (const n of agent.core.startupNotices()) info(ctx, `note: ${n}`);
  info(ctx, `rolecall agent: running (pid ${process.pid}), holding ${adopted.length} session(s); rolecall and credential_process now go through it. Stop it with Ctrl-C.`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  info(ctx, `rolecall agent: ${signal}, stopping…`);
  off();
  await agent.close();
  info(ctx, `rolecall agent: stopped${agent.core.getSettings().signOutAtQuit ? ' and signed out of every session' : '; sessions stay in the credentials file until they expire'}.`);
  return 0;
}
