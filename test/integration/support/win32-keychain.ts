/**
 * Keychain workers in `ROLECALL_KEYCHAIN_LIMITS=win32` mode over the real gnome-keyring: the normal
 * one, and the test-only one that is SIGKILLed between two parts of a split write.
 */
import { resolve } from 'node:path';
import { createNodeWorkerLauncher, type WorkerLauncher } from '../../../electron/core/keychain/worker-launcher';

export const WIN32_ENV = { ...process.env, ROLECALL_KEYCHAIN_LIMITS: 'win32' };

export function win32Launcher(): WorkerLauncher {
  return createNodeWorkerLauncher({ env: WIN32_ENV });
}

/** A worker with the platform's own limits, even when the suite runs with ROLECALL_KEYCHAIN_LIMITS=win32. */
export function nativeLimitsLauncher(): WorkerLauncher {
  const { ROLECALL_KEYCHAIN_LIMITS: _ignored, ...env } = process.env;
  return createNodeWorkerLauncher({ env });
}

/** A launcher whose worker is killed (SIGKILL) as soon as `parts` parts of a split value are written. */
export function killedMidWriteLauncher(parts: number): WorkerLauncher & { kills: number } {
  const base = createNodeWorkerLauncher({
    workerPath: resolve(__dirname, 'pausing-keychain-worker.ts'),
    env: { ...WIN32_ENV, ROLECALL_TEST_PAUSE_AFTER_PARTS: String(parts) },
  });
  const launcher = {
    kills: 0,
    launch() {
      const handle = base.launch();
      handle.onMessage((m) => {
        if ((m as { paused?: unknown } | null)?.paused !== true) return;
        launcher.kills++;
        handle.kill();
      });
      return handle;
    },
  };
  return launcher;
}
