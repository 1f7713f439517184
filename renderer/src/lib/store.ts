/**
 * A tiny external store per concern (profiles, sessions, settings, MFA…), read with
 * `useSyncExternalStore` through a selector. A component re-renders only when the slice it selects
 * changes (`Object.is`), which is what keeps 500 profile rows quiet when one of them switches.
 * Stores hold plain data; the calls that reach `window.api` live in `api/actions.ts`, never here.
 */
import { useSyncExternalStore } from 'react';

export interface Store<T> {
  get(): T;
  set(next: T | ((prev: T) => T)): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next) {
      const value = typeof next === 'function' ? (next as (prev: T) => T)(state) : next;
      if (Object.is(value, state)) return;
      state = value;
      for (const l of [...listeners]) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Reads a slice of a store. The selector must return something stable for an unchanged store
 * (a field, a primitive), not a fresh object, or the component renders on every change.
 */
export function useStore<T, S = T>(store: Store<T>, selector: (state: T) => S = (s) => s as unknown as S): S {
  const get = (): S => selector(store.get());
  return useSyncExternalStore(store.subscribe, get, get);
}
