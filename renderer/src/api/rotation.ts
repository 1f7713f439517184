/**
 * Key rotation and key age as the renderer reaches them (beside actions.ts: one place for calls to
 * main). The result of a rotation goes back to the dialog that asked and is not put in any store:
 * when the keychain failed it carries the new key's secret, which must live only as long as the
 * dialog that shows it.
 */
import type { Result, RotateResponse } from '../contract';
import { unexpectedError } from '../lib/errors';
import { keyAgesStore } from '../stores/key-ages';
import { reloadProfiles } from './actions';

export async function reloadKeyAges(): Promise<void> {
  let r;
  try {
    r = await window.api.sources.keyAges();
  } catch {
    r = { ok: false as const, error: unexpectedError() };
  }
  if (!r.ok) {
    keyAgesStore.set((prev) => ({ ...prev, loaded: true, error: r.error }));
    return;
  }
  keyAgesStore.set({ bySource: Object.fromEntries(r.value.map((a) => [a.source, a])), loaded: true });
}

/** Runs one rotation; `deleteKeyId` answers a `confirm-delete`. The listing and key ages are reloaded after. */
export async function rotateSourceKeys(source: string, deleteKeyId?: string): Promise<Result<RotateResponse>> {
  let r: Result<RotateResponse>;
  try {
    r = await window.api.sources.rotate(source, deleteKeyId);
  } catch {
    r = { ok: false, error: unexpectedError() };
  }
  if (!(r.ok && r.value.status === 'confirm-delete')) await Promise.all([reloadProfiles(), reloadKeyAges()]);
  return r;
}

/** The rotation's progress lines for `source`, while the dialog is open. */
export function watchRotationProgress(source: string, onLine: (message: string) => void): () => void {
  return window.api.onRotationProgress((p) => {
    if (p.source === source) onLine(p.message);
  });
}
