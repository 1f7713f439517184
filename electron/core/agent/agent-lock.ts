/**
 * One session owner per user: the app or `rolecall agent`, never both (two holders would refresh
 * the same sessions and fight over the channel's token file). The claim is a file created
 * exclusively in the app data folder, holding the owner's pid and kind; a claim whose process is
 * gone (a crash, SIGKILL) is taken over.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RolecallError } from '../errors';

export const AGENT_LOCK_FILE = 'agent.lock';

export interface AgentClaim {
  release(): Promise<void>;
}

interface Holder {
  pid: number;
  holder: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<Holder | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0 ? { pid: parsed.pid, holder: String(parsed.holder ?? 'agent') } : undefined;
  } catch {
    return undefined;
  }
}

export function alreadyRunning(holder: string, pid: number | undefined): RolecallError {
  const who = holder === 'app' ? 'The Rolecall app' : '"rolecall agent"';
  return new RolecallError('AgentRunning', `${who} is already running${pid ? ` (pid ${pid})` : ''} and holds your sessions.`, {
    action: holder === 'app' ? 'Use the tray app, or quit it before starting "rolecall agent".' : 'Use the running agent (the CLI talks to it), or stop it (Ctrl-C in its terminal) first.',
  });
}

/** Claims the session owner's role for this process, or throws AgentRunning naming the one that has it. */
export async function claimAgentRole(dir: string, holder: 'app' | 'agent'): Promise<AgentClaim> {
  const file = join(dir, AGENT_LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(file, 'wx', 0o600);
      await fh.writeFile(JSON.stringify({ pid: process.pid, holder }));
      await fh.close();
      return {
        async release() {
          const now = await readHolder(file);
          if (now?.pid === process.pid) await rm(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new RolecallError('FileWriteFailed', `Could not claim ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`, { action: 'Check that the Rolecall app data folder is yours and writable.', cause: e });
      const other = await readHolder(file);
      if (other && other.pid !== process.pid && alive(other.pid)) throw alreadyRunning(other.holder, other.pid);
      await rm(file, { force: true }); // the owner is gone: its claim is stale
    }
  }
  throw alreadyRunning('agent', undefined);
}
