/**
 * The keychain worker: the only process that calls into `@napi-rs/keyring` (see worker-ops.ts for
 * what it does and how Linux is held to the Secret Service, split-value.ts for values larger than
 * one entry).
 *
 * Why a separate process: a Secret Service call on a locked keyring can wait forever for an unlock
 * prompt (and then even `process.exit()` hangs), so the parent gives each call a deadline and
 * SIGKILLs this process when it is missed. It stays up between calls so warm calls are fast.
 *
 * Started by Node's `child_process.fork` (CLI, tests) or Electron's `utilityProcess.fork` (the app,
 * whose fuses disable RunAsNode); both transports are served (worker-serve.ts). Requests run one at
 * a time.
 */
import { createRequire } from 'node:module';
import { createKeychainOps, serveKeychainWorker } from './worker-serve';
import { WorkerOpFailure, type KeychainOps, type KeyringBinding } from './worker-ops';

let ops: KeychainOps | undefined;

/** Loads the native binding on first use, so a missing binary is a typed reply, not a crash at start. */
function load(): KeychainOps {
  if (ops) return ops;
  let binding: KeyringBinding;
  try {
    binding = createRequire(__filename)('@napi-rs/keyring') as KeyringBinding;
  } catch (e) {
    throw new WorkerOpFailure('binding-unavailable', `cannot load @napi-rs/keyring: ${(e as Error).message}`);
  }
  ops = createKeychainOps(binding);
  return ops;
}

serveKeychainWorker(load);
