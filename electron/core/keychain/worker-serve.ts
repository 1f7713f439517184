/**
 * The keychain worker's message loop and how it builds its ops, apart from the entry script
 * (keychain-worker.ts) so a test can serve the same loop over a binding of its own — e.g. one that
 * pauses between the parts of a split write so the test can SIGKILL it there. Nothing in production
 * passes anything but the real `@napi-rs/keyring`.
 */
import { withLimits } from './limited-binding';
import { KeychainLimitsError, resolveKeychainLimits } from './platform-limits';
import { isWorkerRequest, type WorkerReply } from './protocol';
import { KeychainOps, runRequest, WorkerOpFailure, type KeyringBinding } from './worker-ops';

/**
 * Ops over `binding` with the limits in force (`ROLECALL_KEYCHAIN_LIMITS`, else the platform's);
 * when the Windows limits are emulated elsewhere, the binding itself enforces them too.
 */
export function createKeychainOps(binding: KeyringBinding, env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform): KeychainOps {
  let resolved: ReturnType<typeof resolveKeychainLimits>;
  try {
    resolved = resolveKeychainLimits(env, platform);
  } catch (e) {
    if (e instanceof KeychainLimitsError) throw new WorkerOpFailure('bad-limits', e.message);
    throw e;
  }
  return new KeychainOps(resolved.emulated ? withLimits(binding, resolved.limits) : binding, platform === 'linux', resolved.limits);
}

function onMessage(load: () => KeychainOps, message: unknown, reply: (r: WorkerReply) => void): void {
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

/** Serves requests on whichever transport started this process (Electron utility process or Node IPC). */
export function serveKeychainWorker(load: () => KeychainOps): void {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    parentPort.on('message', (e) => onMessage(load, e.data, (r) => parentPort.postMessage(r)));
  } else if (process.send) {
    process.on('message', (m) => onMessage(load, m, (r) => process.send?.(r)));
    // The parent went away: nothing can ask us anything any more.
    process.on('disconnect', () => process.exit(0));
  } else {
    console.error('keychain-worker: start me through Rolecall (Node IPC or an Electron utility process).');
    process.exitCode = 2;
  }
}
