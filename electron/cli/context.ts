/** What every command gets: parsed options, terminal I/O and a lazily created core. */
import type { RolecallCore } from '../core/facade/app-core-types';
import type { CliOnlyCore } from '../core/facade/app-core';
import type { CliIo } from './io';
import type { CommandName } from './command-options';
import type { AgentClient } from './agent-client';

export type Core = RolecallCore & CliOnlyCore;

export interface CommandContext {
  args: string[];
  io: CliIo;
  env: Record<string, string | undefined>;
  /** Creates the core on first use: commands that talk to the running app never load it. */
  core(): Promise<Core>;
  /** The running app or agent, when one answers (asked once); the session commands then go through it. */
  agent(): Promise<AgentClient | undefined>;
  now(): number;
}

export class UsageError extends Error {}

export function out(ctx: CommandContext, text: string): void {
  ctx.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function info(ctx: CommandContext, text: string): void {
  ctx.io.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** The usage error for a command, its usage line rendered from the tables (loaded only on this path). */
export async function usageError(command: CommandName): Promise<UsageError> {
  const { usageLine } = await import('./help/render');
  return new UsageError(`usage: ${usageLine(command)}`);
}
