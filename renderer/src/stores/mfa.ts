/** Devices waiting for a code (`mfa-required` / `mfa-updated` add, `mfa-resolved` removes). */
import { createStore } from '../lib/store';
import type { MfaRequest } from '../contract';

export const mfaStore = createStore<MfaRequest[]>([]);

export function upsertMfaRequest(request: MfaRequest): void {
  mfaStore.set((prev) => {
    const i = prev.findIndex((r) => r.mfaSerial === request.mfaSerial);
    if (i < 0) return [...prev, request];
    const next = [...prev];
    next[i] = request;
    return next;
  });
}

export function removeMfaRequest(mfaSerial: string): void {
  mfaStore.set((prev) => (prev.some((r) => r.mfaSerial === mfaSerial) ? prev.filter((r) => r.mfaSerial !== mfaSerial) : prev));
}
