/**
 * A `window.api` for component tests: every call answers ok with empty data unless a test
 * overrides it, and `emit` plays a main→renderer event. Stores are module singletons, so
 * `resetStores` puts them back between tests.
 */
import { vi } from 'vitest';
import { cleanup } from '@testing-library/react';
import type { ErrorInfo, EventChannel, EventPayload, Profile, Result, RolecallApi } from '../../renderer/src/contract';
import { mfaStore } from '../../renderer/src/stores/mfa';
import { noticesStore } from '../../renderer/src/stores/notices';
import { profilesStore, rowStatesStore } from '../../renderer/src/stores/profiles';
import { cardStatesStore, sessionsStore } from '../../renderer/src/stores/sessions';
import { settingsStore } from '../../renderer/src/stores/settings';
import { keyAgesStore } from '../../renderer/src/stores/key-ages';

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: ErrorInfo): Result<never> => ({ ok: false, error });

type Listener = (payload: unknown) => void;

export interface FakeApi {
  api: RolecallApi;
  emit<K extends EventChannel>(name: K, payload: EventPayload<K>): void;
}

export function installFakeApi(): FakeApi {
  const listeners = new Map<string, Set<Listener>>();
  const on = (name: EventChannel) => (cb: Listener) => {
    const set = listeners.get(name) ?? new Set<Listener>();
    listeners.set(name, set);
    set.add(cb);
    return () => set.delete(cb);
  };
  const api = {
    profiles: {
      list: vi.fn(async () => ok({ profiles: [] as Profile[], sessions: [], configFile: '/home/u/.aws/config', credentialsFile: '/home/u/.aws/credentials' })),
      setupCredentialProcess: vi.fn(async (_profile: string, as: string) => ok({ section: `profile ${as}`, profileName: as })),
    },
    sources: {
      add: vi.fn(async (input: { name: string; accessKeyId: string }) => ok({ name: input.name, accessKeyId: input.accessKeyId })),
      remove: vi.fn(async () => ok(null)),
      import: vi.fn(async () => ok({ imported: [], skipped: [] })),
      rotate: vi.fn(),
      keyAges: vi.fn(async () => ok([])),
    },
    sessions: {
      switchTo: vi.fn(),
      refresh: vi.fn(),
      signOut: vi.fn(async () => ok({ ended: [], fallbacks: [] })),
      extend: vi.fn(),
      signOutAll: vi.fn(async () => ok(null)),
      list: vi.fn(async () => ok([])),
    },
    mfa: { submit: vi.fn(async () => ok(null)), cancel: vi.fn(async () => ok(null)), pending: vi.fn(async () => ok([])) },
    settings: { get: vi.fn(), update: vi.fn() },
    app: { info: vi.fn(), diagnose: vi.fn(async () => ok([])), fixBom: vi.fn(async () => ok([])), secretLeftovers: vi.fn(async () => ok([])), cleanSecretLeftovers: vi.fn(async () => ok([])) },
    onSessionsChanged: on('sessions-changed'),
    onMfaRequired: on('mfa-required'),
    onMfaUpdated: on('mfa-updated'),
    onMfaResolved: on('mfa-resolved'),
    onSessionExpiring: on('session-expiring'),
    onSessionRefreshed: on('session-refreshed'),
    onSessionExpired: on('session-expired'),
    onSessionError: on('session-error'),
    onElevationEnding: on('elevation-ending'),
    onFellBack: on('fell-back'),
    onNotice: on('notice'),
    onRotationProgress: on('rotation-progress'),
  } as unknown as RolecallApi;
  window.api = api;
  return {
    api,
    emit(name, payload) {
      for (const l of listeners.get(name) ?? []) l(payload);
    },
  };
}

export function resetStores(): void {
  cleanup();
  profilesStore.set({ profiles: [], configFile: '/home/u/.aws/config', credentialsFile: '/home/u/.aws/credentials', loaded: false, identities: {} });
  rowStatesStore.set({});
  sessionsStore.set({ sessions: [], lengths: {} });
  cardStatesStore.set({});
  mfaStore.set([]);
  noticesStore.set([]);
  settingsStore.set({});
  keyAgesStore.set({ bySource: {}, loaded: false });
}
