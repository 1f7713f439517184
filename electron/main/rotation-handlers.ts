/**
 * The IPC side of key rotation: `sources:rotate` and `sources:keyAges` over the core's rotation
 * block, as plain handlers (no Electron import) that `createHandlers` spreads in.
 *
 * - MFA: when the IAM calls need a code, the source's MFA session is made first through
 *   `credentialsFor(…, { promptForMfa })`, the app's usual MFA popup and broker; the rotation then
 *   signs with that session from the keychain. No code travels in this channel.
 * - Two keys: the engine asks before deleting the key not in the keychain; here that question
 *   becomes the answer `confirm-delete` (nothing was changed), and the dialog calls again with
 *   `deleteKeyId` naming the key the user agreed to.
 * - Progress lines go out as `rotation-progress` events. They are the engine's own sentences (key
 *   ids and ARNs, never a secret); they are still passed through a check that drops any line
 *   carrying the new secret, so a future message cannot leak it.
 * - The keychain failing mid-way: the new key exists in IAM and in memory only. Its secret is handed
 *   to the renderer exactly once, in the reply to the window that asked (not an event, not
 *   broadcast, not logged), because otherwise the user loses a key they cannot read back from AWS.
 *   The renderer keeps it only in the dialog that shows it.
 */
import { RolecallError, toErrorInfo } from '../core/errors';
import type { RolecallCore } from '../core/facade/app-core-types';
import type { KeyToDelete, RotationResult } from '../core/rotation/types';
import { eventWireName, fail, ok, type EventPayload, type Handlers, type KeyToDeleteInfo, type Result, type RotateResponse } from '../shared/ipc';
import { publicError, toWire } from './public-data';

export interface RotationHandlerOptions {
  /** Sends a main→renderer event to the app's windows (main: `windows.broadcast`). */
  broadcast?(wireName: string, payload: unknown): void;
}

type RotationCore = Pick<RolecallCore, 'rotateKeys' | 'keyAges' | 'mfaCodeNeededToRotate' | 'credentialsFor'>;

/** An MFA session this long is asked for, so it outlasts a full rotation (the engine wants 5 min). */
const MFA_SESSION_MIN_SECONDS = 900;

function keyInfo(k: KeyToDelete): KeyToDeleteInfo {
  return {
    accessKeyId: k.accessKeyId,
    createdAt: k.createDate.toISOString(),
    ...(k.lastUsedDate ? { lastUsedAt: k.lastUsedDate.toISOString() } : {}),
    ...(k.lastUsedService ? { lastUsedService: k.lastUsedService } : {}),
  };
}

function rotated(r: RotationResult): RotateResponse {
  return {
    status: 'rotated',
    ...(r.oldAccessKeyId ? { oldAccessKeyId: r.oldAccessKeyId } : {}),
    ...(r.newAccessKeyId ? { newAccessKeyId: r.newAccessKeyId } : {}),
    ...(r.identityArn ? { identityArn: r.identityArn } : {}),
    alsoDeleted: [...r.alsoDeleted],
  };
}

export function createRotationHandlers(core: RotationCore, opts: RotationHandlerOptions): Pick<Handlers, 'sources:rotate' | 'sources:keyAges'> {
  /** One rotation per source at a time: a double click must not create two keys. */
  const running = new Set<string>();

  async function rotate(source: string, deleteKeyId: string | undefined): Promise<Result<RotateResponse>> {
    let candidate: KeyToDelete | undefined;
    let unsaved: { accessKeyId: string; secretAccessKey: string } | undefined;
    const progress = (message: string): void => {
      if (unsaved && message.includes(unsaved.secretAccessKey)) return;
      const payload: EventPayload<'rotation-progress'> = { source, message };
      opts.broadcast?.(eventWireName('rotation-progress'), payload);
    };
    try {
      const serial = await core.mfaCodeNeededToRotate(source);
      if (serial) {
        progress(`Waiting for an MFA code from ${serial}…`);
        // the popup asks; the session lands in the keychain, where the rotation's signer finds it
        await core.credentialsFor(source, { minRemainingSeconds: MFA_SESSION_MIN_SECONDS, promptForMfa: true, prompt: { requestedBy: `Rotate keys of “${source}”` } });
      }
      const result = await core.rotateKeys(source, {
        progress,
        confirmDelete: async (key) => {
          candidate = key;
          return deleteKeyId !== undefined && key.accessKeyId === deleteKeyId;
        },
        showKeyOnce: (key) => {
          unsaved = { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
        },
      });
      return ok(toWire(rotated(result)));
    } catch (e) {
      if (unsaved) {
        // the deliberate exception to "no secret reaches a renderer": see the file's comment
        return ok({ status: 'keychain-failed', error: publicError(toErrorInfo(e)), unsavedKey: { accessKeyId: unsaved.accessKeyId, secretShownOnce: unsaved.secretAccessKey } });
      }
      if (candidate && e instanceof RolecallError && e.code === 'KeyLimitExceeded' && candidate.accessKeyId !== deleteKeyId) {
        return ok({ status: 'confirm-delete', keyToDelete: keyInfo(candidate) });
      }
      return fail(toErrorInfo(e));
    }
  }

  return {
    'sources:rotate': async ({ source, deleteKeyId }) => {
      if (running.has(source)) {
        return fail({ code: 'InvalidInput', message: `A rotation of “${source}” is already running.`, action: 'Wait for it to finish.' });
      }
      running.add(source);
      try {
        return await rotate(source, deleteKeyId);
      } finally {
        running.delete(source);
      }
    },
    'sources:keyAges': async () => {
      try {
        return ok(toWire(await core.keyAges()));
      } catch (e) {
        return fail(toErrorInfo(e));
      }
    },
  };
}
