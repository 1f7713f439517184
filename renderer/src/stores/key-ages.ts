/**
 * Each keychain source's key age and last use (IAM's answer, no secret), for the badge on its row.
 * Loaded when the Profiles view opens and after a rotation; a source IAM could not be asked about
 * carries its `problem` instead of an age.
 */
import { createStore } from '../lib/store';
import type { ErrorInfo, KeyAge } from '../contract';

export interface KeyAgesState {
  bySource: Record<string, KeyAge>;
  loaded: boolean;
  error?: ErrorInfo;
}

export const keyAgesStore = createStore<KeyAgesState>({ bySource: {}, loaded: false });
