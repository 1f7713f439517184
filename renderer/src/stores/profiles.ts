/**
 * What the Profiles view shows: the listing from the AWS files and the keychain, identities
 * verified in this window, and each role's switch state. Rows select their own slice, so a switch
 * re-renders one row, and a reload keeps the object of every profile that did not change (rows
 * are memoised on it).
 */
import { createStore } from '../lib/store';
import type { ErrorInfo, Profile } from '../contract';

export interface ProfilesState {
  profiles: Profile[];
  configFile: string;
  credentialsFile: string;
  loaded: boolean;
  error?: ErrorInfo;
  /** The keychain could not be read: file profiles are listed, keychain sources are missing. */
  keychainProblem?: ErrorInfo;
  /** Source name → identity ARN, from a verified add in this window. */
  identities: Record<string, string>;
}

export const profilesStore = createStore<ProfilesState>({ profiles: [], configFile: '', credentialsFile: '', loaded: false, identities: {} });

/** A role row's switch: idle (absent), running, or failed with an error shown under it. */
export type RowState = { status: 'switching' } | { status: 'error'; error: ErrorInfo };

export const rowStatesStore = createStore<Record<string, RowState | undefined>>({});

export function setRowState(profile: string, state: RowState | undefined): void {
  rowStatesStore.set((prev) => ({ ...prev, [profile]: state }));
}

/**
 * Keeps the previous object for every profile whose content is unchanged, so memoised rows skip
 * rendering after a reload (which happens after every switch, import and add).
 */
export function reuseUnchanged(previous: Profile[], next: Profile[]): Profile[] {
  if (previous.length === 0) return next;
  const byName = new Map(previous.map((p) => [p.name, p]));
  let same = previous.length === next.length;
  const out = next.map((p, i) => {
    const old = byName.get(p.name);
    const keep = old !== undefined && JSON.stringify(old) === JSON.stringify(p) ? old : p;
    if (keep !== previous[i]) same = false;
    return keep;
  });
  return same ? previous : out;
}
