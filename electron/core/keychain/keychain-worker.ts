/**
 * The keychain worker: the only process that calls into `@napi-rs/keyring` (see worker-ops.ts for
 * what it does and how Linux is held to the Secret Service).
 *
 * Why a separate process: a Secret Service call on a locked keyring can wait forever for an unlock
 * prompt (and then even `process.exit()` hangs), so the parent gives each call a deadline and
 * SIGKILLs this process when it is missed. It stays up between calls so warm calls are fast.
 *
 * Started by Node's `child_process.fork` (CLI, tests) or Electron's `utilityProcess.fork` (the app,
 * whose fuses disable RunAsNode); both transports are served. Requests run one at a time.
 */
import { createRequire } from 'node:module';
import { isWorkerRequest, type WorkerReply } from './protocol';
import { KeychainOps, runRequest, WorkerOpFailure, type KeyringBinding } from './worker-ops';

let ops: KeychainOps | undefined;

/** Loads the native binding on first use, so a missing binary is a typed reply, not a crash at start. */
function load(): KeychainOps {
  if (ops) return ops;
  try {
    const binding = createRequire(__filename)('@napi-rs/keyring') as KeyringBinding;
    ops = new KeychainOps(binding);
    return ops;
  } catch (e) {
    throw new WorkerOpFailure('binding-unavailable', `cannot load @napi-rs/keyring: ${(e as Error).message}`);
  }
}

function onMessage(message: unknown, reply: (r: WorkerReply) => void): void {
  if (isWorkerRequest(message)) {
    reply(runRequest(load, message));
    return;
  }
  const id = (message as { id?: unknown } | null)?.id;
  if (typeof id === 'number') reply({ id, ok: false, error: { reason: 'bad-request', message: 'malformed request' } });
}

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (parentPort) {
  parentPort.on('message', (e) => onMessage(e.data, (r) => parentPort.postMessage(r)));
} else if (process.send) {
  process.on('message', (m) => onMessage(m, (r) => process.send?.(r)));
  // The parent went away: nothing can ask us anything any more.
  process.on('disconnect', () => process.exit(0));
} else {
  console.error('keychain-worker: start me through Rolecall (Node IPC or an Electron utility process).');
  process.exitCode = 2;
}
